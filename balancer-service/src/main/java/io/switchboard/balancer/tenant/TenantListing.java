package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.balancer.state.NamespaceTally;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code GET /admin/tenants} (behind the admin token): each tenant as bbb.tenants holds it, with
 * each secret's end of validity but never the secret itself, and the meetings and participants it
 * runs now (the operator's view of every tenant; getStatistics shows a tenant its own line).
 */
public final class TenantListing {
  private final Tenants tenants;
  private final NamespaceTally tally;

  public TenantListing(Tenants tenants, NamespaceTally tally) {
    this.tenants = tenants;
    this.tally = tally;
  }

  public void list(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    for (Tenant t : tenants.all()) {
      JsonArray secrets = new JsonArray();
      t.secrets()
          .forEach(
              s ->
                  secrets.add(
                      new JsonObject()
                          .put(
                              "validUntil",
                              s.validUntil() == null ? null : s.validUntil().toString())));
      JsonArray algorithms = new JsonArray();
      t.algorithms().stream()
          .map(ChecksumAlgorithm::name)
          .sorted()
          .forEach(a -> algorithms.add(a.toLowerCase(Locale.ROOT)));
      Policy p = t.policy();
      list.add(
          new JsonObject()
              .put("id", t.id())
              .put("pathPrefix", t.pathPrefix().orElse(null))
              .put("secrets", secrets)
              .put("checksumAlgorithms", algorithms)
              .put("maxDuration", p.maxDurationMinutes())
              .put("meetingLimit", p.meetingLimit())
              .put("attendeeLimit", p.attendeeLimit())
              .put("serverTags", new JsonArray(p.serverTags().stream().sorted().toList()))
              .put("meetingCount", tally.of(t.id()).meetings())
              .put("participantCount", tally.of(t.id()).participants()));
    }
    ctx.json(new JsonObject().put("tenants", list));
  }
}
