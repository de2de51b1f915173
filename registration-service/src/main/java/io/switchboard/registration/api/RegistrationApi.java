package io.switchboard.registration.api;

import io.switchboard.bus.SipRegistration;
import io.switchboard.http.AdminRoutes;
import io.switchboard.registration.state.Registrations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code GET /admin/registrations[?node=&state=]} and {@code GET /admin/registrations/<room>}:
 * which node registers each room and how, behind the admin token. The records are the ones on
 * {@code sip.registrations}, which hold no password.
 */
public final class RegistrationApi {
  private final Registrations registrations;

  public RegistrationApi(Registrations registrations) {
    this.registrations = registrations;
  }

  public void mount(Router router, Optional<String> token) {
    AdminRoutes.mount(router, "/admin", token);
    router.get("/admin/registrations").handler(this::list);
    router.get("/admin/registrations/:room").handler(this::get);
  }

  private void list(RoutingContext ctx) {
    String node = ctx.queryParams().get("node");
    String state = ctx.queryParams().get("state");
    if (state != null && !Registrations.STATES.contains(state)) {
      AdminRoutes.fail(ctx, 400, "state must be one of " + Registrations.STATES);
      return;
    }
    JsonArray out = new JsonArray();
    registrations.all().stream()
        .filter(r -> node == null || r.node().equals(node))
        .filter(r -> state == null || r.state().equals(state))
        .sorted(Comparator.comparing(SipRegistration::room))
        .forEach(r -> out.add(JsonObject.mapFrom(r)));
    ctx.json(new JsonObject().put("registrations", out));
  }

  private void get(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    registrations
        .get(room)
        .ifPresentOrElse(
            r -> ctx.json(JsonObject.mapFrom(r)),
            () -> AdminRoutes.fail(ctx, 404, "no registration for room '" + room + "'"));
  }
}
