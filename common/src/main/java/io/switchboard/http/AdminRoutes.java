package io.switchboard.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * The admin API mount every service shares: a bearer token on every admin route, a body limit, and
 * errors as {@code {"error": "..."}} with an honest status, also for failures no handler expected
 * (a 500 then says only that, never a stack trace).
 */
public final class AdminRoutes {
  /** Admin bodies are small JSON documents. */
  public static final long BODY_LIMIT = 64 * 1024;

  private AdminRoutes() {}

  /**
   * Guards {@code prefix + "/*"} with {@code token}, limits bodies and answers failures as JSON.
   */
  public static Router mount(Router router, String prefix, Optional<String> token) {
    router.route(prefix + "/*").handler(AdminTokenAuth.of(token));
    router.route(prefix + "/*").handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
    router
        .route(prefix + "/*")
        .failureHandler(
            ctx -> {
              int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
              fail(
                  ctx,
                  status,
                  status == 413
                      ? "body larger than " + BODY_LIMIT + " bytes"
                      : status == 500 ? "internal error" : "request failed");
            });
    return router;
  }

  /** Answers {@code {"error": message}} with {@code status}. */
  public static void fail(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", message));
  }

  /** The body as a JSON object, or empty after answering 400 naming what was wrong. */
  public static Optional<JsonObject> jsonObject(RoutingContext ctx) {
    try {
      Object body = ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
      if (body instanceof JsonObject object) {
        return Optional.of(object);
      }
    } catch (DecodeException e) {
      // answered below
    }
    fail(ctx, 400, "body must be a JSON object");
    return Optional.empty();
  }
}
