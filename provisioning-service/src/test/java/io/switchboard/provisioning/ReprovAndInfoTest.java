package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector's users/reprov and info, on nodes behind real gateways. */
@ExtendWith(KafkaExtension.class)
class ReprovAndInfoTest {
  private static final String TWO_USERS =
      "[{\"name\":\"anna\",\"email\":\"anna@example.org\",\"context\":\"team\"},"
          + "{\"name\":\"ben\",\"email\":\"ben@example.org\",\"context\":\"team\"}]";

  @Test
  void reprovGivesANodeThatLostAUserFileItBackAndAnUnreachableNodeIsNamed(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService()) {
      f.admin("POST", "/api/users/add", TWO_USERS, 200);
      List<String> nodes = f.nodeIds();
      String lossy = nodes.get(1);
      // Lost behind FreeSWITCH's back: no reload, so the node still has it loaded until one.
      Files.delete(f.nodeDirs.get(lossy).resolve("directory/team/20001.xml"));

      JsonObject reprov = f.admin("GET", "/api/users/reprov", null, 200);
      assertEquals("users/reprov", reprov.getString("op"));
      assertEquals(2, reprov.getJsonArray("done").size(), reprov.encode());
      assertTrue(reprov.getJsonArray("failed").isEmpty(), reprov.encode());
      assertEquals(
          Files.readString(f.serviceDir.resolve("directory/team/20001.xml")),
          Files.readString(f.nodeDirs.get(lossy).resolve("directory/team/20001.xml")));
      assertTrue(f.loadedDomain(lossy, "team").contains("value=\"ben\""));

      f.stopGateway(lossy);
      HttpResponse<String> partial = f.api("GET", "/api/users/reprov", null, ClusterFixture.TOKEN);
      assertEquals(502, partial.statusCode(), partial.body());
      JsonObject failed = new JsonObject(partial.body()).getJsonArray("failed").getJsonObject(0);
      assertEquals(lossy, failed.getString("item"), partial.body());
      assertTrue(f.service.provisioner().behindNodes().contains(lossy));
    }
  }

  @Test
  void infoShowsEachNodesGlobalsAskedThroughItsGatewayAndNamesANodeThatDoesNotAnswer(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService()) {
      List<String> nodes = f.nodeIds();
      JsonObject info = f.admin("GET", "/api/info", null, 200);
      for (String node : nodes) {
        JsonObject globals = info.getJsonObject("globals").getJsonObject(node);
        assertEquals("1", globals.getString("switch_serial"), info.encode());
        assertFalse(globals.getString("hostname", "").isEmpty(), info.encode());
        assertFalse(globals.getString("local_ip_v4", "").isEmpty(), info.encode());
        assertFalse(globals.containsKey("local_ip_v6"), "an unset global is left out");
        assertTrue(
            f.nodes.get(node).commandLog().stream()
                .anyMatch(c -> c.contains("global_getvar hostname")),
            String.valueOf(f.nodes.get(node).commandLog()));
      }

      f.stopGateway(nodes.get(1));
      JsonObject partial = f.admin("GET", "/api/info", null, 200);
      assertTrue(
          partial.getJsonObject("globals").getJsonObject(nodes.get(1)).containsKey("error"),
          partial.encode());
      assertEquals(
          "1",
          partial.getJsonObject("globals").getJsonObject(nodes.get(0)).getString("switch_serial"));
    }
  }
}
