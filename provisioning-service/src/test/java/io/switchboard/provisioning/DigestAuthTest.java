package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.auth.DigestAlgorithm;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTP Digest (RFC 7616) against the users of the API context, over real HTTP. */
@ExtendWith(KafkaExtension.class)
class DigestAuthTest {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private record Challenge(String nonce, List<String> headers) {}

  private Challenge challenge(ClusterFixture f) throws Exception {
    HttpResponse<String> response = get(f, "/api/users", null);
    assertEquals(401, response.statusCode());
    List<String> offers = response.headers().allValues("WWW-Authenticate");
    Matcher m = NONCE.matcher(offers.get(0));
    assertTrue(m.find(), offers.toString());
    return new Challenge(m.group(1), offers);
  }

  static String authorization(
      DigestAlgorithm algorithm,
      String user,
      String password,
      String nonce,
      String nc,
      String uri) {
    String response =
        algorithm.response(
            user,
            ApiAuth.REALM,
            password,
            "GET",
            uri,
            new DigestAlgorithm.DigestHeaderValues(nonce, nc, "c0ffee"));
    return "Digest username=\""
        + user
        + "\", realm=\""
        + ApiAuth.REALM
        + "\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", algorithm="
        + algorithm.wire()
        + ", qop=auth, nc="
        + nc
        + ", cnonce=\"c0ffee\", response=\""
        + response
        + "\"";
  }

  private HttpResponse<String> get(ClusterFixture f, String path, String authorization)
      throws Exception {
    return f.get(path, authorization);
  }

  /** The status of GET /api/users signed with {@code nc}. */
  private int status(
      ClusterFixture f,
      DigestAlgorithm algorithm,
      String user,
      String password,
      String nonce,
      int nc)
      throws Exception {
    String uri = "/api/users";
    return get(
            f, uri, authorization(algorithm, user, password, nonce, String.format("%08x", nc), uri))
        .statusCode();
  }

  @Test
  void apiUsersSignInWithSha256OrMd5AndNeverSeePasswordsWhileReplaysAndOtherContextsAreRefused(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      f.admin(
          "POST",
          "/api/users/add",
          "[{\"name\":\"teamuser1\",\"email\":\"t@example.org\",\"context\":\"team\",\"password\":\"napw-team\"},"
              + "{\"name\":\"frienduser\",\"email\":\"f@example.org\",\"context\":\"friends\",\"password\":\"napw-friend\"}]",
          200);
      Challenge challenge = challenge(f);
      assertTrue(
          challenge.headers().get(0).contains("algorithm=SHA-256"), challenge.headers().toString());
      assertTrue(
          challenge.headers().get(1).contains("algorithm=MD5"), challenge.headers().toString());

      String uri = "/api/users";
      String first =
          authorization(
              DigestAlgorithm.SHA_256,
              "teamuser1",
              "napw-team",
              challenge.nonce(),
              "00000001",
              uri);
      HttpResponse<String> ok = get(f, uri, first);
      assertEquals(200, ok.statusCode(), ok.body());
      JsonObject user = new JsonObject(ok.body()).getJsonArray("users").getJsonObject(0);
      assertFalse(user.containsKey("password"), "a password shown to a non-admin: " + user);
      assertFalse(ok.body().contains("napw"));

      assertEquals(401, get(f, uri, first).statusCode(), "the same nonce-count again is a replay");
      String nonce = challenge.nonce();
      assertEquals(200, status(f, DigestAlgorithm.SHA_256, "teamuser1", "napw-team", nonce, 2));
      assertEquals(
          200, status(f, DigestAlgorithm.MD5, "teamuser1", "napw-team", challenge(f).nonce(), 1));
      assertEquals(
          401, status(f, DigestAlgorithm.SHA_256, "teamuser1", "wrong", challenge(f).nonce(), 1));
      assertEquals(
          401,
          status(f, DigestAlgorithm.SHA_256, "frienduser", "napw-friend", challenge(f).nonce(), 1),
          "a user outside the API context");
      String forged = challenge(f).nonce().substring(1) + "A";
      assertEquals(401, status(f, DigestAlgorithm.SHA_256, "teamuser1", "napw-team", forged, 1));
    }
  }

  @Test
  void anExpiredNonceIsAnsweredStaleWithAFreshOne(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f =
        new ClusterFixture(broker.bootstrapServers(), dir, 1)
            .startService(Map.of("PROVISIONING_NONCE_LIFETIME", "1s"))) {
      f.admin(
          "POST",
          "/api/users/add",
          "[{\"name\":\"teamuser1\",\"email\":\"t@example.org\",\"context\":\"team\",\"password\":\"napw-team\"}]",
          200);
      String nonce = challenge(f).nonce();
      Thread.sleep(1500);
      HttpResponse<String> stale =
          get(
              f,
              "/api/users",
              authorization(
                  DigestAlgorithm.SHA_256,
                  "teamuser1",
                  "napw-team",
                  nonce,
                  "00000001",
                  "/api/users"));
      assertEquals(401, stale.statusCode());
      assertTrue(
          stale.headers().firstValue("WWW-Authenticate").orElseThrow().contains("stale=true"));
    }
  }
}
