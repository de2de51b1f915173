package io.switchboard.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards admin routes with {@code Authorization: Bearer <token>}. Without a configured token the
 * admin API stays closed (503) rather than open: an operator must choose a token to use it. The
 * token is compared in constant time and never logged or echoed.
 */
public final class AdminTokenAuth implements Handler<RoutingContext> {
  private final byte[] token;

  private AdminTokenAuth(byte[] token) {
    this.token = token;
  }

  public static AdminTokenAuth of(Optional<String> token) {
    return new AdminTokenAuth(token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null) {
      reject(ctx, 503, "admin API disabled: set ADMIN_TOKEN to enable it");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      reject(ctx, 401, "missing bearer token");
      return;
    }
    byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(presented, token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      reject(ctx, 401, "invalid bearer token");
      return;
    }
    ctx.next();
  }

  private static void reject(RoutingContext ctx, int status, String message) {
    AdminRoutes.fail(ctx, status, message);
  }
}
