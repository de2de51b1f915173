package io.switchboard.gateway.admin;

import io.switchboard.esl.EslReply;
import io.switchboard.gateway.command.CommandAllowlist;
import io.switchboard.gateway.command.ReplyRedactor;
import io.switchboard.gateway.socket.ConfiguredSocket;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.gateway.socket.SocketSupervisor;
import io.switchboard.http.AdminRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The token-protected admin API, after OpenSIPS freeswitch_scripting's MI commands:
 *
 * <ul>
 *   <li>{@code GET /admin/sockets}: fs_list
 *   <li>{@code POST /admin/sockets/{id}/subscriptions} {@code {"events":[...]}}: fs_subscribe
 *   <li>{@code DELETE /admin/sockets/{id}/subscriptions?events=A,B}: fs_unsubscribe
 *   <li>{@code POST /admin/reload}: fs_reload, from the configuration file and environment
 *   <li>{@code POST /admin/esl} {@code {"socket":"0","command":"api status"}}: freeswitch_esl, same
 *       allowlist, run as bgapi, secrets in the reply masked
 * </ul>
 */
public final class AdminApi {
  private final SocketRegistry sockets;
  private final CommandAllowlist allowlist;
  private final Supplier<List<ConfiguredSocket>> configuredSockets;
  private final Runnable onChange;

  public AdminApi(
      SocketRegistry sockets,
      CommandAllowlist allowlist,
      Supplier<List<ConfiguredSocket>> configuredSockets,
      Runnable onChange) {
    this.sockets = sockets;
    this.allowlist = allowlist;
    this.configuredSockets = configuredSockets;
    this.onChange = onChange;
  }

  public void mount(Router router, Optional<String> token) {
    AdminRoutes.mount(router, "/admin", token);
    router.get("/admin/sockets").handler(this::list);
    router.post("/admin/sockets/:id/subscriptions").handler(this::subscribe);
    router.delete("/admin/sockets/:id/subscriptions").handler(this::unsubscribe);
    router.post("/admin/reload").handler(this::reload);
    router.post("/admin/esl").handler(this::esl);
  }

  private void list(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    for (SocketSupervisor s : sockets.all()) {
      list.add(describe(s));
    }
    ctx.json(new JsonObject().put("sockets", list));
  }

  private static JsonObject describe(SocketSupervisor s) {
    return new JsonObject()
        .put("id", s.id())
        .put("address", s.url().address())
        .put("connected", s.connected())
        .put("since", s.since())
        .put("subscriptions", new JsonArray(s.subscriptions()))
        .put("refused", new JsonArray(s.refusedSubscriptions()))
        .put("lastEventAt", s.lastEventAt())
        .put("fsVersion", s.fsVersion());
  }

  private void subscribe(RoutingContext ctx) {
    Optional<SocketSupervisor> socket = socket(ctx);
    if (socket.isEmpty()) {
      return;
    }
    List<String> events;
    try {
      events = eventsFromBody(ctx);
    } catch (IllegalArgumentException e) {
      AdminRoutes.fail(ctx, 400, e.getMessage());
      return;
    }
    socket
        .get()
        .subscribe(events)
        .onSuccess(
            refused -> {
              onChange.run();
              ctx.json(describe(socket.get()).put("refused", new JsonArray(refused)));
            })
        .onFailure(e -> AdminRoutes.fail(ctx, 502, e.getMessage()));
  }

  private void unsubscribe(RoutingContext ctx) {
    Optional<SocketSupervisor> socket = socket(ctx);
    if (socket.isEmpty()) {
      return;
    }
    List<String> events;
    try {
      String query = ctx.request().getParam("events");
      events = query != null ? words(Arrays.asList(query.split(","))) : eventsFromBody(ctx);
    } catch (IllegalArgumentException e) {
      AdminRoutes.fail(ctx, 400, e.getMessage());
      return;
    }
    socket
        .get()
        .unsubscribe(events)
        .onSuccess(
            v -> {
              onChange.run();
              ctx.json(describe(socket.get()));
            })
        .onFailure(
            e ->
                AdminRoutes.fail(
                    ctx, e instanceof IllegalArgumentException ? 400 : 502, e.getMessage()));
  }

  private void reload(RoutingContext ctx) {
    List<ConfiguredSocket> wanted;
    try {
      wanted = configuredSockets.get();
    } catch (RuntimeException e) {
      AdminRoutes.fail(ctx, 400, "configuration not reloaded: " + e.getMessage());
      return;
    }
    List<String> changes = sockets.apply(wanted);
    onChange.run();
    ctx.json(new JsonObject().put("changes", new JsonArray(changes)));
  }

  /**
   * Both forms run as bgapi: FreeSWITCH runs {@code api} on the listener's own thread
   * (mod_event_socket.c:2329), so a slow command would hold up the event connection's events and
   * replies until the gateway's reply timeout closed it, and FreeSWITCH drops what it had queued
   * for a closed listener. bgapi runs in a thread of its own (mod_event_socket.c:2383).
   */
  private void esl(RoutingContext ctx) {
    JsonObject body;
    String line;
    String socketId;
    try {
      body = objectBody(ctx);
      line = text(body, "command");
      socketId = text(body, "socket");
    } catch (IllegalArgumentException e) {
      AdminRoutes.fail(
          ctx,
          400,
          "body must be {\"command\": \"api ...\" | \"bgapi ...\", \"socket\": id (optional)}: "
              + e.getMessage());
      return;
    }
    if (line == null || line.isBlank()) {
      AdminRoutes.fail(
          ctx,
          400,
          "body must be {\"command\": \"api ...\" | \"bgapi ...\", \"socket\": id (optional)}");
      return;
    }
    String trimmed = line.trim();
    String api =
        trimmed.startsWith("api ")
            ? trimmed.substring(4)
            : trimmed.startsWith("bgapi ") ? trimmed.substring(6) : trimmed;
    CommandAllowlist.Check check = allowlist.check(api);
    if (!check.allowed()) {
      AdminRoutes.fail(ctx, 403, check.refusal());
      return;
    }
    if (socketId != null && sockets.get(socketId).isEmpty()) {
      AdminRoutes.fail(ctx, 404, "no socket " + socketId);
      return;
    }
    Optional<io.switchboard.esl.EslConnection> connection = sockets.connection(socketId);
    if (connection.isEmpty()) {
      AdminRoutes.fail(
          ctx,
          503,
          socketId == null ? "no socket is connected" : "socket " + socketId + " is not connected");
      return;
    }
    Future<EslReply> reply = connection.get().bgapi(check.line());
    reply
        .compose(
            r ->
                ctx.vertx()
                    .executeBlocking(
                        () ->
                            new JsonObject()
                                .put("ok", r.ok())
                                .put("reply", ReplyRedactor.redact(check.line(), r.text())),
                        false))
        .onSuccess(ctx::json)
        .onFailure(e -> AdminRoutes.fail(ctx, 502, e.getMessage()));
  }

  /** A text field or null; JsonObject.getString would turn a number into text. */
  private static String text(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(key + " must be a string");
    }
    return (String) value;
  }

  /** The body as a JSON object; anything else is the client's mistake, not the server's. */
  private static JsonObject objectBody(RoutingContext ctx) {
    Object parsed;
    try {
      parsed = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
    } catch (DecodeException e) {
      throw new IllegalArgumentException("body is not JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw new IllegalArgumentException("body is not a JSON object");
    }
    return object;
  }

  private Optional<SocketSupervisor> socket(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<SocketSupervisor> socket = sockets.get(id);
    if (socket.isEmpty()) {
      AdminRoutes.fail(ctx, 404, "no socket " + id);
    }
    return socket;
  }

  private static List<String> eventsFromBody(RoutingContext ctx) {
    JsonArray events;
    try {
      events = objectBody(ctx).getJsonArray("events");
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("events must be an array");
    }
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException(
          "body must be {\"events\": [\"NAME\" or \"sub::class\", ...]}");
    }
    return words(events.stream().map(String::valueOf).toList());
  }

  private static List<String> words(List<String> raw) {
    List<String> events = raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String e : events) {
      if (!e.matches("[A-Za-z0-9_:.-]+")) {
        throw new IllegalArgumentException("not an event name: '" + e + "'");
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no event names given");
    }
    return events;
  }
}
