package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.bus.ProvisioningChange;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector's conferences endpoints, and a change the nodes refuse, over real HTTP. */
@ExtendWith(KafkaExtension.class)
class ConferencesApiTest {
  private static final String PROFILES =
      "<configuration name=\"conference.conf\">\n  <profiles>\n"
          + "    <profile name=\"cdquality\"/>\n    <profile name=\"video\"/>\n  </profiles>\n</configuration>\n";

  private static String extension(ClusterFixture f, String node, String num) throws Exception {
    CommandResult result =
        f.service
            .ask(node, "xml_locate dialplan context name team")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return result.reply();
  }

  @Test
  void conferencesAreAddedModifiedAndDeletedOnBothNodes(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.handEdit("autoload_configs/conference.conf.xml", PROFILES);
      f.startService();
      JsonObject added =
          f.admin(
              "POST",
              "/api/conferences/add",
              "[{\"name\":\"weekly\",\"type\":\"cdquality\",\"context\":\"team\"},"
                  + "{\"name\":\"odd\",\"type\":\"nosuch\",\"context\":\"team\"}]",
              200);
      assertEquals("20000", added.getJsonArray("done").getJsonObject(0).getString("num"));
      assertTrue(
          added.getJsonArray("failed").getJsonObject(0).getString("error").startsWith("type:"));
      for (String node : f.nodeIds()) {
        String plan = extension(f, node, "20000");
        assertTrue(plan.contains("weekly@cdquality") && plan.contains("^20000$"), plan);
      }
      JsonObject list = f.admin("GET", "/api/conferences", null, 200);
      assertEquals(1, list.getJsonObject("info").getInteger("total"));
      assertEquals("video", list.getJsonObject("info").getJsonArray("types").getString(1));

      f.admin("POST", "/api/conferences/mod", "[{\"num\":\"20000\",\"type\":\"video\"}]", 200);
      assertEquals(
          "video",
          f.admin("GET", "/api/conferences/byname/week", null, 200)
              .getJsonArray("conferences")
              .getJsonObject(0)
              .getString("type"));
      for (String node : f.nodeIds()) {
        assertTrue(extension(f, node, "20000").contains("weekly@video"));
      }
      f.admin("POST", "/api/conferences/del", "[{\"num\":\"20000\"}]", 200);
      for (String node : f.nodeIds()) {
        assertFalse(extension(f, node, "20000").contains("weekly"));
      }
      assertEquals(
          400,
          f.api(
                  "POST",
                  "/api/conferences/add",
                  "[{\"name\":\"a b\",\"type\":\"video\",\"context\":\"team\"}]",
                  ClusterFixture.TOKEN)
              .statusCode());
    }
  }

  @Test
  void aChangeANodeRefusesIsAnsweredWithItsTextAndUndoneOnEveryNode(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.startService();
      String broken = f.nodeIds().get(1);
      // A hand edit on one node's own files (not through the service) breaks its team domain:
      // whatever is added next is refused there.
      Files.writeString(
          f.nodeDirs.get(broken).resolve("directory/team.xml"),
          Files.readString(f.nodeDirs.get(broken).resolve("directory/team.xml"))
              .replace("</groups>", ""));
      HttpResponse<String> response =
          f.api(
              "POST",
              "/api/users/add",
              "[{\"name\":\"anna\",\"email\":\"anna@example.org\",\"context\":\"team\"}]",
              ClusterFixture.TOKEN);
      assertEquals(502, response.statusCode(), response.body());
      JsonObject answer = new JsonObject(response.body());
      String detail = answer.getJsonObject("nodes").getJsonObject(broken).getString("detail");
      assertTrue(detail.startsWith("[error near line "), detail);
      assertEquals(
          "anna",
          answer.getJsonArray("failed").getJsonObject(0).getJsonObject("item").getString("name"));
      for (String node : f.nodeIds()) {
        assertFalse(Files.exists(f.nodeDirs.get(node).resolve("directory/team/20000.xml")), node);
      }
      assertFalse(Files.exists(f.serviceDir.resolve("directory/team/20000.xml")));
      // What was staged in the folder while the nodes took the change is gone with it.
      try (var left = Files.list(f.serviceDir.resolve("directory/team"))) {
        assertEquals(List.of(), left.toList());
      }
      assertEquals(0, f.admin("GET", "/api/users", null, 200).getJsonArray("users").size());
      try (RecordCollector changes =
          new RecordCollector(broker.bootstrapServers(), List.of(Topics.PROVISIONING_CHANGES))) {
        ProvisioningChange change =
            Json.decode(
                changes
                    .await(r -> new String(r.value()).contains(broken), 1, Duration.ofSeconds(30))
                    .get(0)
                    .value(),
                ProvisioningChange.class);
        assertFalse(change.applied());
        assertEquals("refused", change.nodes().get(broken).outcome());
        assertTrue(change.error().startsWith(broken + ": [error near line "), change.error());
      }
      assertTrue(
          f.admin("GET", "/api/info", null, 200)
              .getJsonObject("info")
              .getJsonObject("reloadxml")
              .getString("lastmsg")
              .contains("[error near line "));
    }
  }
}
