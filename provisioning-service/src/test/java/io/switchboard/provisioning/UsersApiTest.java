package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector's users endpoints over real HTTP, applied to nodes behind real gateways. */
@ExtendWith(KafkaExtension.class)
class UsersApiTest {

  private static long reloads(ClusterFixture f, String node) {
    return f.nodes.get(node).commandLog().stream().filter(c -> c.contains("reloadxml")).count();
  }

  @Test
  void aBatchReachesBothNodesWithOneReloadEachAndModAndDelFollow(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService()) {
      List<String> nodes = f.nodeIds();
      long before = reloads(f, nodes.get(0));
      JsonObject added =
          f.admin(
              "POST",
              "/api/users/add",
              new JsonArray()
                  .add(user("anna", "anna@example.org", "team"))
                  .add(user("ben", "ben@example.org", "team"))
                  .add(user("cleo", "cleo@friends.example", "friends"))
                  .encode(),
              200);
      assertEquals(3, added.getJsonArray("done").size(), added.encode());
      assertEquals(before + 1, reloads(f, nodes.get(0)), "one reloadxml for the whole batch");
      assertEquals("20000", added.getJsonArray("done").getJsonObject(0).getString("id"));
      assertEquals("30000", added.getJsonArray("done").getJsonObject(2).getString("id"));
      for (String node : nodes) {
        String team = f.loadedDomain(node, "team");
        assertTrue(team.contains("id=\"20000\"") && team.contains("id=\"20001\""), team);
        assertTrue(f.loadedDomain(node, "friends").contains("id=\"30000\""));
      }

      JsonObject list = f.admin("GET", "/api/users", null, 200);
      assertEquals(3, list.getJsonObject("info").getInteger("total"));
      assertEquals(2, list.getJsonObject("info").getJsonObject("contexts").getInteger("team"));
      assertEquals(
          1,
          f.admin("GET", "/api/users/byemail/friends.example", null, 200)
              .getJsonArray("users")
              .size());
      assertEquals(
          2, f.admin("GET", "/api/users/byid/2000", null, 200).getJsonArray("users").size());

      f.admin("POST", "/api/users/mod", "[{\"id\":\"20001\",\"name\":\"benedikt\"}]", 200);
      for (String node : nodes) {
        assertTrue(f.loadedDomain(node, "team").contains("value=\"benedikt\""));
      }
      JsonObject deleted =
          f.admin("POST", "/api/users/del", "[{\"id\":\"20000\"},{\"id\":\"29999\"}]", 200);
      assertEquals(1, deleted.getJsonArray("done").size());
      assertTrue(
          deleted.getJsonArray("failed").getJsonObject(0).getString("error").contains("29999"));
      for (String node : nodes) {
        assertFalse(f.loadedDomain(node, "team").contains("id=\"20000\""));
        assertFalse(Files.exists(f.nodeDirs.get(node).resolve("directory/team/20000.xml")));
      }
      assertTrue(Files.exists(f.serviceDir.resolve("directory/team/20001.xml")));
      assertFalse(Files.exists(f.serviceDir.resolve("directory/team/20000.xml")));
      assertEquals(
          404,
          f.api("POST", "/api/users/del", "[{\"id\":\"29999\"}]", ClusterFixture.TOKEN)
              .statusCode());
    }
  }

  private static JsonObject user(String name, String email, String context) {
    return new JsonObject().put("name", name).put("email", email).put("context", context);
  }

  @Test
  void markupInANameAndExpansionInAPasswordAreStoredAsText(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      String name = "\"/><user id=\"1";
      String password = "$${domain}${sip_from_user}";
      JsonObject added =
          f.admin(
              "POST",
              "/api/users/add",
              new JsonArray()
                  .add(user(name, "x@example.org", "team").put("password", password))
                  .encode(),
              200);
      assertEquals(1, added.getJsonArray("done").size(), added.encode());
      String node = f.nodeIds().get(0);
      String loaded = f.loadedDomain(node, "team");
      assertFalse(loaded.contains("id=\"1\""), "the name made a second user: " + loaded);
      assertEquals(1, loaded.split("<user ", -1).length - 1, loaded);
      String file = Files.readString(f.nodeDirs.get(node).resolve("directory/team/20000.xml"));
      assertFalse(file.contains("$${"), "the preprocessor would expand: " + file);
      JsonObject listed =
          f.admin("GET", "/api/users", null, 200).getJsonArray("users").getJsonObject(0);
      assertEquals(name, listed.getString("name"));
      assertEquals(password, listed.getString("password"));
    }
  }

  @Test
  void badBodiesAreRefusedNamingTheFieldAndNothingIsWritten(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f =
        new ClusterFixture(broker.bootstrapServers(), dir, 1)
            .startService(Map.of("PROVISIONING_MAX_BODY", "2k"))) {
      assertEquals(401, f.api("GET", "/api/users", null, null).statusCode());
      assertEquals(401, f.api("GET", "/api/users", null, "wrong").statusCode());
      HttpResponse<String> contract = f.api("GET", "/api/openapi.yaml", null, null);
      assertEquals(200, contract.statusCode());
      assertTrue(contract.body().contains("operationId: addUsers"), "the contract is served");
      assertBad(
          f, "[{\"name\":\"a\",\"email\":\"not-an-email\",\"context\":\"team\"}]", "/0/email");
      assertBad(f, "[{\"email\":\"a@b.org\",\"context\":\"team\"}]", "name");
      assertBad(
          f, "[{\"name\":\"a\",\"email\":\"a@b.org\",\"context\":\"../team\"}]", "/0/context");
      assertBad(f, "[{\"name\":\"a\\nb\",\"email\":\"a@b.org\",\"context\":\"team\"}]", "/0/name");
      assertBad(
          f,
          "[{\"name\":\"a\",\"email\":\"a@b.org\",\"context\":\"team\",\"admin\":true}]",
          "admin");
      HttpResponse<String> big =
          f.api(
              "POST",
              "/api/users/add",
              "[" + "{\"name\":\"a\"},".repeat(300) + "{}]",
              ClusterFixture.TOKEN);
      assertEquals(413, big.statusCode(), big.body());
      assertTrue(new JsonObject(big.body()).getString("error").contains("limit"));
      assertEquals(0, f.admin("GET", "/api/users", null, 200).getJsonArray("users").size());
      String metrics = f.management("/metrics");
      assertTrue(
          metrics.contains(
              "switchboard_provisioning_api_seconds_count{operation=\"addUsers\",service=\"provisioning-service\",status=\"4xx\"}"),
          metrics);
    }
  }

  private static void assertBad(ClusterFixture f, String body, String field) throws Exception {
    HttpResponse<String> response = f.api("POST", "/api/users/add", body, ClusterFixture.TOKEN);
    assertEquals(400, response.statusCode(), response.body());
    String error = new JsonObject(response.body()).getString("error");
    assertTrue(error.contains(field), "the error names " + field + ": " + error);
  }

  @Test
  void tenConcurrentBatchesGetDistinctNumbersAndAFullRangeIsAConflict(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      List<CompletableFuture<JsonObject>> batches = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String body = new JsonArray().add(user("u" + i, "u" + i + "@example.org", "team")).encode();
        batches.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return f.admin("POST", "/api/users/add", body, 200);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      Set<String> ids = new HashSet<>();
      for (CompletableFuture<JsonObject> batch : batches) {
        ids.add(batch.get().getJsonArray("done").getJsonObject(0).getString("id"));
      }
      assertEquals(10, ids.size(), "numbers given twice: " + ids);
      // team's range is 20000-20009 (ClusterFixture.CONTEXTS): full now.
      HttpResponse<String> full =
          f.api(
              "POST",
              "/api/users/add",
              new JsonArray().add(user("late", "late@example.org", "team")).encode(),
              ClusterFixture.TOKEN);
      assertEquals(409, full.statusCode(), full.body());
      assertTrue(full.body().contains("full"), full.body());
    }
  }

  @Test
  void rebuildRewritesAHandWrittenUserInTheServicesFormOnTheNodesAndTheFolder(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1)) {
      f.handEdit("directory/team/20004.xml", FolderToNodesTest.user("20004", "handmade"));
      f.startService();
      JsonObject rebuilt = f.admin("GET", "/api/users/rebuild", null, 200);
      assertEquals("handmade", rebuilt.getJsonArray("done").getJsonObject(0).getString("name"));
      String node = f.nodeIds().get(0);
      String onNode = Files.readString(f.nodeDirs.get(node).resolve("directory/team/20004.xml"));
      assertTrue(onNode.contains("name=\"user_context\" value=\"team\""), onNode);
      assertEquals(onNode, Files.readString(f.serviceDir.resolve("directory/team/20004.xml")));
      assertTrue(f.loadedDomain(node, "team").contains("value=\"handmade\""));
    }
  }

  @Test
  void aListingRightAfterABatchHoldsItsUsersAndAHandEditAfterItIsHonoured(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 300; i++) {
        batch.add(user("member" + i, "member" + i + "@example.org", "friends"));
      }
      assertEquals(
          300, f.admin("POST", "/api/users/add", batch.encode(), 200).getJsonArray("done").size());

      // Answered only once the users are described: the next listing holds them all.
      JsonArray listed = f.admin("GET", "/api/users", null, 200).getJsonArray("users");
      assertEquals(300, listed.size());
      Set<String> names = new HashSet<>();
      listed.forEach(u -> names.add(((JsonObject) u).getString("name")));
      for (int i = 0; i < 300; i++) {
        assertTrue(names.contains("member" + i), "member" + i);
      }
      // The folder's files were staged beside their targets and renamed: nothing else is left.
      try (var files = Files.list(f.serviceDir.resolve("directory/friends"))) {
        assertTrue(files.allMatch(p -> p.getFileName().toString().endsWith(".xml")));
      }

      // The folder stays the source of truth: a hand edit shows in the listing once applied.
      f.handEdit("directory/friends/30007.xml", FolderToNodesTest.user("30007", "edited by hand"));
      Files.delete(f.serviceDir.resolve("directory/friends/30008.xml"));
      Await.until(
          () -> {
            JsonObject now = listing(f);
            return now.encode().contains("edited by hand")
                && !now.encode().contains("\"member8\"")
                && now.getJsonObject("info").getInteger("total") == 299;
          },
          "the listing follows the hand edit",
          Duration.ofSeconds(60));
    }
  }

  private static JsonObject listing(ClusterFixture f) {
    try {
      return f.admin("GET", "/api/users", null, 200);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
