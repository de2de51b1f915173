package io.switchboard.balancer.pool;

import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.placement.MeetingClaims;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.Server;
import io.switchboard.balancer.state.ServerRecord;
import io.switchboard.balancer.state.StateStore;
import io.switchboard.http.AdminRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-protected pool admin API (the CLI calls it):
 *
 * <ul>
 *   <li>{@code GET /admin/servers}: the pool, with state, online, load and meetings
 *   <li>{@code POST /admin/servers} {@code {"id","url","secret","loadMultiplier","tag"}}: add;
 *       starts disabled
 *   <li>{@code POST /admin/servers/{id}/enable|disable|cordon|panic}
 *   <li>{@code PUT /admin/servers/{id}/load-multiplier} {@code {"value":2.0}}
 *   <li>{@code DELETE /admin/servers/{id}}
 * </ul>
 *
 * Every change is acknowledged by Kafka and applied here before the answer. No answer carries a
 * server's secret.
 */
public final class PoolAdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(PoolAdminApi.class);

  private final StateStore store;
  private final ClusterState state;
  private final MeetingClaims claims;
  private final BbbClient bbb;
  private final Supplier<Map<String, Double>> loads;
  private final Function<String, Future<Void>> pollServer;
  private final LongSupplier clock;

  /**
   * @param pollServer polls one server now, so that a server just added or enabled is seen at once
   */
  public PoolAdminApi(
      StateStore store,
      MeetingClaims claims,
      BbbClient bbb,
      Supplier<Map<String, Double>> loads,
      Function<String, Future<Void>> pollServer,
      LongSupplier clock) {
    this.store = store;
    this.state = store.state();
    this.claims = claims;
    this.bbb = bbb;
    this.loads = loads;
    this.pollServer = pollServer;
    this.clock = clock;
  }

  public void mount(Router router, Optional<String> token) {
    AdminRoutes.mount(router, "/admin", token);
    router.get("/admin/servers").handler(this::list);
    router.post("/admin/servers").handler(this::add);
    router
        .post("/admin/servers/:id/enable")
        .handler(ctx -> setState(ctx, ServerRecord.PoolState.ENABLED));
    router
        .post("/admin/servers/:id/disable")
        .handler(ctx -> setState(ctx, ServerRecord.PoolState.DISABLED));
    router
        .post("/admin/servers/:id/cordon")
        .handler(ctx -> setState(ctx, ServerRecord.PoolState.CORDONED));
    router.post("/admin/servers/:id/panic").handler(this::panic);
    router.put("/admin/servers/:id/load-multiplier").handler(this::loadMultiplier);
    router.delete("/admin/servers/:id").handler(this::remove);
  }

  private void list(RoutingContext ctx) {
    Map<String, Double> load = loads.get();
    JsonArray list = new JsonArray();
    state.servers().stream()
        .sorted(Comparator.comparing(Server::id))
        .forEach(
            s ->
                list.add(
                    new JsonObject()
                        .put("id", s.id())
                        .put("url", s.record().url())
                        .put("state", s.record().state().name().toLowerCase(Locale.ROOT))
                        .put("online", s.online())
                        .put("loadMultiplier", s.record().loadMultiplier())
                        .put("tag", s.record().tag())
                        .put("load", load.getOrDefault(s.id(), 0.0) * s.record().loadMultiplier())
                        .put("meetings", state.meetingsOn(s.id()).size())));
    ctx.json(new JsonObject().put("servers", list));
  }

  private void add(RoutingContext ctx) {
    Optional<JsonObject> parsed = AdminRoutes.jsonObject(ctx);
    if (parsed.isEmpty()) {
      return;
    }
    JsonObject body = parsed.get();
    String id = body.getString("id", "");
    String url = body.getString("url", "");
    String secret = body.getString("secret", "");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      AdminRoutes.fail(ctx, 400, "id must be 1-64 letters, digits, '.', '_' or '-'");
      return;
    }
    if (!validUrl(url)) {
      AdminRoutes.fail(ctx, 400, "url must be an http(s) URL ending in /bigbluebutton/api");
      return;
    }
    if (secret.isBlank()) {
      AdminRoutes.fail(ctx, 400, "secret is required");
      return;
    }
    double multiplier;
    try {
      multiplier = body.getDouble("loadMultiplier", 1.0);
    } catch (ClassCastException e) {
      AdminRoutes.fail(ctx, 400, "loadMultiplier must be a number");
      return;
    }
    if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
      AdminRoutes.fail(ctx, 400, "loadMultiplier must be positive");
      return;
    }
    String tag = body.getValue("tag") instanceof String t && !t.isBlank() ? t.strip() : null;
    if (tag != null && !tag.matches("[A-Za-z0-9._-]{1,64}") || "none".equals(tag)) {
      AdminRoutes.fail(
          ctx, 400, "tag must be 1-64 letters, digits, '.', '_' or '-', and not 'none'");
      return;
    }
    if (state.server(id).isPresent()) {
      AdminRoutes.fail(ctx, 409, "server " + id + " exists already");
      return;
    }
    ServerRecord record =
        new ServerRecord(
            ServerRecord.VERSION,
            id,
            url,
            state.seal(secret),
            ServerRecord.PoolState.DISABLED,
            multiplier,
            clock.getAsLong(),
            tag);
    respond(
        ctx,
        store.putServer(record).compose(v -> pollServer.apply(id)),
        201,
        "server " + id + " added (disabled; enable it to place meetings)");
    LOG.info("server {} added at {}", id, url);
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && url.replaceAll("/+$", "").endsWith("/bigbluebutton/api");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Optional<Server> server(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<Server> server = state.server(id);
    if (server.isEmpty()) {
      AdminRoutes.fail(ctx, 404, "no server " + id);
    }
    return server;
  }

  private void setState(RoutingContext ctx, ServerRecord.PoolState next) {
    server(ctx)
        .ifPresent(
            s -> {
              LOG.info("server {}: {}", s.id(), next.name().toLowerCase(Locale.ROOT));
              respond(
                  ctx,
                  store
                      .putServer(s.record().withState(next, clock.getAsLong()))
                      .compose(v -> pollServer.apply(s.id())),
                  200,
                  "server " + s.id() + " " + next.name().toLowerCase(Locale.ROOT));
            });
  }

  private void loadMultiplier(RoutingContext ctx) {
    Optional<Server> server = server(ctx);
    if (server.isEmpty()) {
      return;
    }
    double value;
    try {
      JsonObject body = ctx.body().asJsonObject();
      value = body == null ? Double.NaN : body.getDouble("value", Double.NaN);
    } catch (DecodeException | ClassCastException e) {
      value = Double.NaN;
    }
    if (!(value > 0) || Double.isInfinite(value)) {
      AdminRoutes.fail(ctx, 400, "body must be {\"value\": <positive number>}");
      return;
    }
    respond(
        ctx,
        store.putServer(server.get().record().withLoadMultiplier(value, clock.getAsLong())),
        200,
        "server " + server.get().id() + " load multiplier " + value);
  }

  /**
   * Disables the server and ends every meeting on it: through its API when it answers, otherwise
   * they are only forgotten (they are re-created elsewhere on their next create).
   */
  private void panic(RoutingContext ctx) {
    server(ctx)
        .ifPresent(
            s -> {
              LOG.warn("server {}: panic, ending its meetings and disabling it", s.id());
              List<Meeting> meetings = List.copyOf(state.meetingsOn(s.id()));
              // Disabled first, on Kafka, so no instance places a meeting there while these end.
              Future<Void> done =
                  store
                      .putServer(
                          s.record().withState(ServerRecord.PoolState.DISABLED, clock.getAsLong()))
                      .compose(
                          v ->
                              Future.all(
                                  meetings.stream()
                                      .map(
                                          m ->
                                              bbb.endQuietly(s, m.meetingId())
                                                  .compose(x -> claims.end(m)))
                                      .toList()))
                      .mapEmpty();
              respond(
                  ctx,
                  done,
                  200,
                  "server " + s.id() + " disabled; " + meetings.size() + " meeting(s) ended");
            });
  }

  private void remove(RoutingContext ctx) {
    server(ctx)
        .ifPresent(
            s -> {
              LOG.info("server {} removed", s.id());
              respond(ctx, store.removeServer(s.id()), 200, "server " + s.id() + " removed");
            });
  }

  private static void respond(RoutingContext ctx, Future<Void> done, int status, String message) {
    done.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.response().setStatusCode(status);
            ctx.json(new JsonObject().put("message", message));
          } else {
            AdminRoutes.fail(ctx, 503, "not recorded on Kafka: " + ar.cause().getMessage());
          }
        });
  }
}
