package io.switchboard.provisioning.auth;

import io.switchboard.http.AdminTokenAuth;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Who may call the API: an operator with the admin token (Bearer), or a user of the API context
 * with HTTP Digest (RFC 7616: SHA-256 or MD5, qop=auth, nonces that expire, a nonce-count that must
 * grow). The caller's name lands in the routing context ({@link #CALLER}); only the admin sees
 * passwords ({@link #isAdmin}). Runs on the service's context, where the users are.
 */
public final class ApiAuth implements Handler<RoutingContext> {
  public static final String REALM = "switchboard-provisioning";
  public static final String CALLER = "provisioning.caller";
  private static final String ADMIN = "admin";

  private final AdminTokenAuth admin;
  private final DigestNonces nonces;
  private final Function<String, Optional<String>> passwordOf;
  private final LongSupplier clock;

  /**
   * @param passwordOf the password of a user of the API context by name, empty when there is none
   */
  public ApiAuth(
      Optional<String> adminToken,
      DigestNonces nonces,
      Function<String, Optional<String>> passwordOf,
      LongSupplier clock) {
    this.admin = AdminTokenAuth.of(adminToken);
    this.nonces = nonces;
    this.passwordOf = passwordOf;
    this.clock = clock;
  }

  public static boolean isAdmin(RoutingContext ctx) {
    return ADMIN.equals(ctx.get(CALLER));
  }

  /** "admin" or the Digest user's name. */
  public static String caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.put(CALLER, ADMIN);
      admin.handle(ctx);
      return;
    }
    Optional<Map<String, String>> digest = DigestHeader.parse(header);
    if (digest.isEmpty()) {
      challenge(ctx, false, "missing or malformed Authorization (Digest or Bearer)");
      return;
    }
    String refusal = verify(ctx, digest.get());
    if (refusal == null) {
      ctx.next();
    } else if (refusal.equals(STALE)) {
      challenge(ctx, true, "the nonce expired; use the new one");
    } else {
      challenge(ctx, false, refusal);
    }
  }

  private static final String STALE = "stale";

  /** Null when the request is authenticated, else why not ({@link #STALE} for an old nonce). */
  private String verify(RoutingContext ctx, Map<String, String> p) {
    Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromWire(p.get("algorithm"));
    String user = p.get("username");
    String nonce = p.get("nonce");
    String nc = p.get("nc");
    if (algorithm.isEmpty()) {
      return "algorithm: only SHA-256 and MD5";
    }
    if (!"auth".equals(p.get("qop")) || nc == null || !nc.matches("[0-9a-fA-F]{8}")) {
      return "qop: auth with an 8-digit nc is required";
    }
    if (user == null || nonce == null || p.get("cnonce") == null || p.get("response") == null) {
      return "username, nonce, cnonce and response are required";
    }
    if (!REALM.equals(p.get("realm")) || !ctx.request().uri().equals(p.get("uri"))) {
      return "realm or uri do not match the request";
    }
    Optional<String> password = passwordOf.apply(user);
    String expected =
        algorithm
            .get()
            .response(
                user,
                REALM,
                password.orElse(""),
                ctx.request().method().name(),
                p.get("uri"),
                new DigestAlgorithm.DigestHeaderValues(nonce, nc, p.get("cnonce")));
    // Compared before the nonce is spent, so a wrong guess cannot burn a client's nonce.
    boolean matches =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            p.get("response").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    if (password.isEmpty() || !matches) {
      return "wrong user name or password";
    }
    DigestNonces.Check check = nonces.use(nonce, Long.parseLong(nc, 16), clock.getAsLong());
    if (check == DigestNonces.Check.STALE) {
      return STALE;
    }
    if (check == DigestNonces.Check.INVALID) {
      return "nonce: not issued here, or replayed";
    }
    ctx.put(CALLER, user);
    return null;
  }

  /** Offers SHA-256 first, then MD5 (RFC 7616 §3.7), each with a fresh nonce. */
  private void challenge(RoutingContext ctx, boolean stale, String message) {
    String nonce = nonces.issue(clock.getAsLong());
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      ctx.response()
          .headers()
          .add(
              "WWW-Authenticate",
              "Digest realm=\""
                  + REALM
                  + "\", qop=\"auth\", algorithm="
                  + algorithm.wire()
                  + ", nonce=\""
                  + nonce
                  + "\""
                  + (stale ? ", stale=true" : ""));
    }
    ctx.response().setStatusCode(401);
    ctx.json(new JsonObject().put("error", message));
  }
}
