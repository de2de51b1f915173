package io.switchboard.balancer.tenant;

import io.switchboard.balancer.state.NamespaceTally;
import io.switchboard.config.ConfigException;
import io.switchboard.http.AdminRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The tenants' part of the admin API (behind the admin token, mounted with the pool's):
 *
 * <ul>
 *   <li>{@code GET /admin/tenants}: every tenant without its secrets, with its running meetings and
 *       participants
 *   <li>{@code PUT /admin/tenants/{id}} with the tenant's JSON (as in the tenants file): create or
 *       replace; without {@code secrets} an existing tenant keeps its own
 *   <li>{@code POST /admin/tenants/{id}/secrets} {@code {"secret":"..","overlapSeconds":3600}}:
 *       rotation: the new secret is valid at once, the current ones until the overlap ends
 *   <li>{@code DELETE /admin/tenants/{id}}
 * </ul>
 *
 * Every change is on {@code bbb.tenants} and applied here before the answer, so every instance
 * following the topic agrees; no answer carries a secret.
 */
public final class TenantAdminApi {
  private final Tenants table;
  private final TenantRecords records;
  private final BiFunction<String, byte[], Future<Void>> write;
  private final Supplier<Instant> clock;
  private final NamespaceTally tally;

  /**
   * @param write writes a record of {@code bbb.tenants} (null: a tombstone) and completes once this
   *     instance has applied it
   * @param tally each tenant's running meetings and participants, listed with it
   */
  public TenantAdminApi(
      Tenants table,
      TenantRecords records,
      BiFunction<String, byte[], Future<Void>> write,
      Supplier<Instant> clock,
      NamespaceTally tally) {
    this.tally = tally;
    this.table = table;
    this.records = records;
    this.write = write;
    this.clock = clock;
  }

  /** After {@link io.switchboard.http.AdminRoutes#mount}, which guards {@code /admin}. */
  public void mount(Router router) {
    router.get("/admin/tenants").handler(new TenantListing(table, tally)::list);
    router.put("/admin/tenants/:id").handler(this::put);
    router.post("/admin/tenants/:id/secrets").handler(this::rotate);
    router.delete("/admin/tenants/:id").handler(this::remove);
  }

  private void put(RoutingContext ctx) {
    Optional<JsonObject> body = AdminRoutes.jsonObject(ctx);
    if (body.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    JsonObject spec = body.get().copy();
    if (spec.containsKey("id") && !id.equals(spec.getValue("id"))) {
      AdminRoutes.fail(ctx, 400, "the body's id '" + spec.getValue("id") + "' is not " + id);
      return;
    }
    spec.put("id", id);
    if (!spec.containsKey("secrets")) {
      table.spec(id).ifPresent(old -> spec.put("secrets", old.getJsonArray("secrets")));
    }
    save(ctx, spec, "tenant " + id + " saved");
  }

  private void rotate(RoutingContext ctx) {
    Optional<JsonObject> body = AdminRoutes.jsonObject(ctx);
    if (body.isEmpty()) {
      return;
    }
    String id = ctx.pathParam("id");
    Optional<JsonObject> current = table.spec(id);
    if (current.isEmpty()) {
      AdminRoutes.fail(ctx, 404, "no tenant " + id);
      return;
    }
    long overlap;
    try {
      overlap = body.get().getLong("overlapSeconds", 0L);
    } catch (ClassCastException e) {
      AdminRoutes.fail(ctx, 400, "overlapSeconds must be a number");
      return;
    }
    if (overlap < 0) {
      AdminRoutes.fail(ctx, 400, "overlapSeconds cannot be negative");
      return;
    }
    Instant now = clock.get();
    JsonObject spec = current.get();
    spec.put(
        "secrets",
        SecretRotation.rotate(
            spec.getJsonArray("secrets", new JsonArray()),
            body.get().getString("secret", ""),
            now,
            now.plusSeconds(overlap)));
    save(
        ctx,
        spec,
        "tenant " + id + ": new secret valid; the others until " + now.plusSeconds(overlap));
  }

  private void save(RoutingContext ctx, JsonObject spec, String message) {
    Tenant tenant;
    try {
      tenant = records.parse(spec, "tenant");
    } catch (ConfigException e) {
      AdminRoutes.fail(ctx, 400, e.getMessage());
      return;
    }
    Optional<String> clash =
        tenant
            .pathPrefix()
            .flatMap(table::byPathPrefix)
            .map(Tenant::id)
            .filter(o -> !o.equals(tenant.id()));
    if (clash.isPresent()) {
      AdminRoutes.fail(
          ctx,
          409,
          "pathPrefix " + tenant.pathPrefix().get() + " already serves tenant " + clash.get());
      return;
    }
    write
        .apply(tenant.id(), records.encode(spec, clock.get().toEpochMilli()))
        .onSuccess(v -> ctx.json(new JsonObject().put("message", message)))
        .onFailure(
            e -> AdminRoutes.fail(ctx, 503, "not saved: Kafka did not take it: " + e.getMessage()));
  }

  private void remove(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (table.spec(id).isEmpty()) {
      AdminRoutes.fail(ctx, 404, "no tenant " + id);
      return;
    }
    write
        .apply(id, null)
        .onSuccess(v -> ctx.json(new JsonObject().put("message", "tenant " + id + " removed")))
        .onFailure(
            e ->
                AdminRoutes.fail(
                    ctx, 503, "not removed: Kafka did not take it: " + e.getMessage()));
  }
}
