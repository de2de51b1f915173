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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The recordings endpoints serve the recordings folder and nothing beside it. */
@ExtendWith(KafkaExtension.class)
class RecordingsApiTest {
  private static final String WAV = "team_16kHz-2021-01-19T13:21:36.840Z.wav";

  @Test
  void recordingsAreListedFoundDownloadedAndDeletedButNoPathLeavesTheFolder(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    Path recordings = dir.resolve("rec/meetings");
    Files.createDirectories(recordings);
    Files.writeString(recordings.resolve(WAV), "RIFF-team");
    Files.writeString(recordings.resolve("friends_48kHz-2021-01-20T10:00:00.000Z.wav"), "RIFF-f");
    Files.writeString(dir.resolve("rec/secret.txt"), "not a recording");
    try (ClusterFixture f =
        new ClusterFixture(broker.bootstrapServers(), dir, 1)
            .startService(Map.of("PROVISIONING_RECORDINGS_DIR", recordings.toString()))) {
      assertEquals(2, f.admin("GET", "/api/recordings", null, 200).getJsonArray("files").size());
      JsonObject found = f.admin("GET", "/api/recordings/find/team_", null, 200);
      assertEquals(WAV, found.getJsonArray("files").getString(0));
      assertEquals(1, found.getJsonArray("files").size());
      assertEquals(
          "RIFF-team", f.api("GET", "/api/recordings/" + WAV, null, ClusterFixture.TOKEN).body());

      for (String escape :
          new String[] {"..%2Fsecret.txt", "..%2F..%2Fetc%2Fpasswd", "..", "%2E%2E%2Fsecret.txt"}) {
        HttpResponse<String> response =
            f.api("GET", "/api/recordings/" + escape, null, ClusterFixture.TOKEN);
        assertTrue(
            response.statusCode() == 400 || response.statusCode() == 404,
            escape + " answered " + response.statusCode() + " " + response.body());
        assertFalse(response.body().contains("not a recording"));
      }
      HttpResponse<String> refused =
          f.api(
              "POST",
              "/api/recordings/del",
              "[{\"file\":\"../../etc/passwd\"}]",
              ClusterFixture.TOKEN);
      assertEquals(400, refused.statusCode(), refused.body());
      assertTrue(
          new JsonObject(refused.body()).getString("error").contains("/0/file"), refused.body());

      JsonObject deleted =
          f.admin(
              "POST",
              "/api/recordings/del",
              "[{\"file\":\"" + WAV + "\"},{\"file\":\"gone.wav\"}]",
              200);
      assertEquals(WAV, deleted.getJsonArray("done").getString(0));
      assertEquals(1, deleted.getJsonArray("failed").size());
      assertFalse(Files.exists(recordings.resolve(WAV)));
      assertTrue(Files.exists(dir.resolve("rec/secret.txt")));
      assertEquals(
          404,
          f.api("POST", "/api/recordings/del", "[{\"file\":\"gone.wav\"}]", ClusterFixture.TOKEN)
              .statusCode());
    }
  }
}
