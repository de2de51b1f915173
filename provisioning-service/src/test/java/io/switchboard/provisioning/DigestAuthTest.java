package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.auth.DigestAlgorithm;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
  private final HttpClient http = HttpClient.newHttpClient();
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
      String method,
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
            method,
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
            f,
            uri,
            authorization("GET", algorithm, user, password, nonce, String.format("%08x", nc), uri))
        .statusCode();
  }

  /** teamuser1 of the API context and frienduser of another, with passwords known here. */
  private static void addTeamUserAndFriend(ClusterFixture f) throws Exception {
    f.admin(
        "POST",
        "/api/users/add",
        "[{\"name\":\"teamuser1\",\"email\":\"t@example.org\",\"context\":\"team\",\"password\":\"napw-team\"},"
            + "{\"name\":\"frienduser\",\"email\":\"f@example.org\",\"context\":\"friends\",\"password\":\"napw-friend\"}]",
        200);
  }

  @Test
  void apiUsersSignInWithSha256OrMd5AndNeverSeePasswordsWhileReplaysAndOtherContextsAreRefused(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      addTeamUserAndFriend(f);
      Challenge challenge = challenge(f);
      assertTrue(
          challenge.headers().get(0).contains("algorithm=SHA-256"), challenge.headers().toString());
      assertTrue(
          challenge.headers().get(1).contains("algorithm=MD5"), challenge.headers().toString());

      String uri = "/api/users";
      String first =
          authorization(
              "GET",
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

  /** The connector's API, every operation: what a user of the API context may call. */
  private static final List<String> CONNECTOR_API =
      List.of(
          "GET /api/users",
          "GET /api/users/byid/3",
          "GET /api/users/byemail/example",
          "GET /api/users/match/friend",
          "POST /api/users/add",
          "POST /api/users/mod",
          "POST /api/users/del",
          "GET /api/users/rebuild",
          "GET /api/users/reprov",
          "GET /api/conferences",
          "GET /api/conferences/byname/daily",
          "POST /api/conferences/add",
          "POST /api/conferences/mod",
          "POST /api/conferences/del",
          "GET /api/recordings",
          "GET /api/recordings/find/daily",
          "GET /api/recordings/daily.wav",
          "POST /api/recordings/del",
          "GET /api/store/directory",
          "POST /api/restore/directory",
          "GET /api/info");

  /**
   * The connector (its README: "Connector exposes a REST API to all users in the fast.apiallow
   * context. The other users are just added to freeswitchs directory and provisioned"): a user of
   * another context is in FreeSWITCH's directory like any other, and the API refuses them on every
   * operation exactly as it refuses a name it does not know, so it does not even tell them apart.
   */
  @Test
  void usersOfOtherContextsAreInTheDirectoryButNoOperationOfTheApiTakesThem(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      addTeamUserAndFriend(f);
      String node = f.nodeIds().get(0);
      assertTrue(f.loadedDomain(node, "friends").contains("id=\"30000\""));
      String friendFile =
          Files.readString(f.nodeDirs.get(node).resolve("directory/friends/30000.xml"));
      assertTrue(friendFile.contains("value=\"napw-friend\""), friendFile);

      for (String operation : CONNECTOR_API) {
        String method = operation.substring(0, operation.indexOf(' '));
        String uri = operation.substring(operation.indexOf(' ') + 1);
        HttpResponse<String> friend = call(f, method, uri, "frienduser", "napw-friend");
        HttpResponse<String> stranger = call(f, method, uri, "nobody", "napw-friend");
        assertEquals(401, friend.statusCode(), operation + ": " + friend.body());
        assertEquals(stranger.body(), friend.body(), operation);
        assertTrue(
            friend.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Digest "),
            operation);
        // The API user is let through on the same operation (whatever it then answers).
        HttpResponse<String> member = call(f, method, uri, "teamuser1", "napw-team");
        assertFalse(member.statusCode() == 401, operation + ": " + member.body());
      }
    }
  }

  /** {@code method uri} signed by {@code user} with a fresh nonce; POSTs carry an empty batch. */
  private HttpResponse<String> call(
      ClusterFixture f, String method, String uri, String user, String password) throws Exception {
    String auth =
        authorization(
            method, DigestAlgorithm.SHA_256, user, password, challenge(f).nonce(), "00000001", uri);
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.service.httpPort() + uri))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("[]")
                    : HttpRequest.BodyPublishers.noBody())
            .header("Content-Type", "application/json")
            .header("Authorization", auth)
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
                  "GET",
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
