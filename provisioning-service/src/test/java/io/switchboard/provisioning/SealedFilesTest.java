package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' files hold their passwords: they cross {@code fs.commands} sealed, and only the gateways
 * (with the same COMMAND_SEAL_KEY) open them.
 */
@ExtendWith(KafkaExtension.class)
class SealedFilesTest {
  private static final String ADDED = "Pw-added-7Qx2";
  private static final String MODDED = "Pw-modded-9Kz4";

  @Test
  void noPasswordCrossesTheCommandTopicInClearAndTheNodesStillLoadIt(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService();
        RecordCollector commands =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.COMMANDS))) {
      f.admin(
          "POST",
          "/api/users/add",
          "[{\"name\":\"anna\",\"email\":\"a@example.org\",\"context\":\"team\",\"password\":\""
              + ADDED
              + "\"},{\"name\":\"ben\",\"email\":\"b@example.org\",\"context\":\"friends\"}]",
          200);
      f.admin(
          "POST", "/api/users/mod", "[{\"id\":\"20000\",\"password\":\"" + MODDED + "\"}]", 200);
      // A user whose password the service made up: read back from a node, then looked for too.
      String generated =
          f.admin("GET", "/api/users/byid/30000", null, 200)
              .getJsonArray("users")
              .getJsonObject(0)
              .getString("password");

      List<ConsumerRecord<String, byte[]>> puts =
          commands.await(
              r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"files.put\""),
              2 * f.nodeIds().size(),
              Duration.ofSeconds(30));
      for (ConsumerRecord<String, byte[]> put : puts) {
        Command command = Json.decode(put.value(), Command.class);
        for (Command.FileContent file : command.files()) {
          assertTrue(file.sealed(), "a file in clear: " + file.path());
        }
      }
      for (ConsumerRecord<String, byte[]> any : commands.matching(r -> true)) {
        String raw = new String(any.value(), StandardCharsets.UTF_8);
        for (String password : List.of(ADDED, MODDED, generated)) {
          assertFalse(raw.contains(password), "a password on fs.commands: " + raw);
        }
      }
      for (String node : f.nodeIds()) {
        String file = Files.readString(f.nodeDirs.get(node).resolve("directory/team/20000.xml"));
        assertTrue(file.contains("value=\"" + MODDED + "\""), file);
        String friend =
            Files.readString(f.nodeDirs.get(node).resolve("directory/friends/30000.xml"));
        assertTrue(friend.contains("value=\"" + generated + "\""), friend);
        assertTrue(f.loadedDomain(node, "team").contains("id=\"20000\""));
      }
      assertEquals(16, generated.length());
    }
  }
}
