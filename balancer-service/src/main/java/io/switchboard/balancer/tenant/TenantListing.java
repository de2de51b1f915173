package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code GET /admin/tenants} (behind the admin token): each tenant as bbb.tenants holds it, with
 * each secret's end of validity but never the secret itself.
 */
public final class TenantListing {
  private final Tenants tenants;

  public TenantListing(Tenants tenants) {
    this.tenants = tenants;
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
              .put("serverTags", new JsonArray(p.serverTags().stream().sorted().toList())));
    }
    ctx.json(new JsonObject().put("tenants", list));
  }
}
