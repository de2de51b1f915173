package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moderator's recording keys and the HTTP API, end to end: the simulator raises the dtmf event a
 * caller control bound to {@code event} raises (conference_loop.c:616-625), its gateway publishes
 * it, the service sends {@code conference <name> recording ...} back through the gateway, and the
 * node's own recording events say what happened.
 */
@ExtendWith(KafkaExtension.class)
class RecordingControlTest {
  private static final String ROOM = "team_weekly";
  private static final String FOLDER = "/var/freeswitch/meetings/";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static FsEvent decode(ConsumerRecord<String, byte[]> record) {
    return Json.decode(record.value(), FsEvent.class);
  }

  /** The node's {@code <action>} events of the room, in order (the broker outlives a test). */
  private static List<FsEvent> nodeEvents(
      RecordCollector events, String node, String action, int count) {
    return events
        .await(
            r -> {
              FsEvent e = decode(r);
              return node.equals(r.key())
                  && action.equals(e.header("Action"))
                  && ROOM.equals(e.header("Conference-Name"));
            },
            count,
            PATIENCE)
        .stream()
        .map(RecordingControlTest::decode)
        .toList();
  }

  private static String metric(ClusterFixture f, String action, String outcome) {
    String name = "switchboard_provisioning_recording_commands_total{";
    try {
      return f.management("/metrics")
          .lines()
          .filter(
              l ->
                  l.startsWith(name)
                      && l.contains("action=\"" + action + "\"")
                      && l.contains("outcome=\"" + outcome + "\""))
          .findFirst()
          .orElse(name + action + " " + outcome + " absent");
    } catch (Exception e) {
      throw new AssertionError("the management port did not answer", e);
    }
  }

  @Test
  void moderatorKeysStartPauseResumeAndStopARecordingOnTheNode(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService();
        RecordCollector events =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      String node = f.nodeIds().get(0);
      FreeSwitchSimulator fs = f.nodes.get(node);
      fs.createConference(ROOM);
      int moderator = fs.addModerator(ROOM, "Ada", "20000");
      // The service follows from the latest offset: wait until it reads the room's events.
      nodeEvents(events, node, "add-member", 1);

      assertTrue(fs.pressDtmf(ROOM, moderator, "1", "startrecording"));
      String path = nodeEvents(events, node, "start-recording", 1).get(0).header("Path");
      assertTrue(
          path.matches(
              FOLDER + ROOM + "-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.wav"),
          path);
      String check =
          f.service
              .ask(node, "conference " + ROOM + " recording check " + path)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .reply();
      assertEquals("+OK Record file " + path + "\n", check, fs.commandLog().toString());

      assertTrue(fs.pressDtmf(ROOM, moderator, "2", "pauserecording"));
      assertEquals(path, nodeEvents(events, node, "pause-recording", 1).get(0).header("Path"));
      assertTrue(fs.pressDtmf(ROOM, moderator, "3", "resumerecording"));
      assertEquals(path, nodeEvents(events, node, "resume-recording", 1).get(0).header("Path"));
      assertTrue(fs.pressDtmf(ROOM, moderator, "4", "stoprecording"));
      assertEquals(path, nodeEvents(events, node, "stop-recording", 1).get(0).header("Path"));
      // A key bound to another event (the connector's muteall) starts nothing.
      assertTrue(fs.pressDtmf(ROOM, moderator, "*", "muteall"));

      Await.until(() -> metric(f, "stop", "done").endsWith(" 1.0"), "the stop counted", PATIENCE);
      assertTrue(metric(f, "start", "done").endsWith(" 1.0"), metric(f, "start", "done"));
      assertTrue(metric(f, "pause", "done").endsWith(" 1.0"));
      assertTrue(metric(f, "resume", "done").endsWith(" 1.0"));
      assertEquals(
          1,
          events
              .matching(
                  r -> node.equals(r.key()) && "start-recording".equals(decode(r).header("Action")))
              .size());
    }
  }

  /** Requests that name no room, a bad name, file or node, or come unsigned. */
  private static void assertRefusals(ClusterFixture f, String base) throws Exception {
    assertEquals(
        404, f.api("POST", base + "start/nosuchroom", null, ClusterFixture.TOKEN).statusCode());
    assertEquals(400, f.api("POST", base + "start/-x", null, ClusterFixture.TOKEN).statusCode());
    assertEquals(
        400,
        f.api("POST", base + "stop/" + ROOM + "?file=..%2Fx.wav", null, ClusterFixture.TOKEN)
            .statusCode());
    assertEquals(
        400,
        f.api("POST", base + "start/" + ROOM + "?node=elsewhere", null, ClusterFixture.TOKEN)
            .statusCode());
    assertEquals(401, f.api("POST", base + "start/" + ROOM, null, null).statusCode());
  }

  @Test
  void theApiControlsRecordingsAndAnErrAnywhereInTheReplyIsAFailure(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService();
        RecordCollector events =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      String node = f.nodeIds().get(1);
      f.nodes.get(node).createConference(ROOM);
      f.nodes.get(node).addMember(ROOM, "Ada", "20000");
      String base = "/api/recordings/";

      JsonObject started = f.admin("POST", base + "start/" + ROOM, null, 200);
      assertEquals(node, started.getString("node"), "found on the node that runs it");
      String file = started.getString("file");
      assertTrue(started.getString("reply").startsWith("+OK Record file " + FOLDER + file));
      assertEquals(
          FOLDER + file, nodeEvents(events, node, "start-recording", 1).get(0).header("Path"));
      assertEquals(
          409, f.api("POST", base + "start/" + ROOM, null, ClusterFixture.TOKEN).statusCode());

      f.admin("POST", base + "pause/" + ROOM, null, 200);
      assertEquals(
          FOLDER + file, nodeEvents(events, node, "pause-recording", 1).get(0).header("Path"));

      // FreeSWITCH answers "+OK Pause recording file ..." then "-ERR non-existant recording".
      HttpResponse<String> wrong =
          f.api("POST", base + "pause/" + ROOM + "?file=nothing.wav", null, ClusterFixture.TOKEN);
      assertEquals(502, wrong.statusCode(), wrong.body());
      String error = new JsonObject(wrong.body()).getString("error");
      assertTrue(error.startsWith("+OK Pause recording file " + FOLDER + "nothing.wav"), error);
      assertTrue(error.contains("-ERR non-existant recording"), error);
      assertTrue(metric(f, "pause", "failed").endsWith(" 1.0"), metric(f, "pause", "failed"));

      f.admin("POST", base + "resume/" + ROOM + "?node=" + node, null, 200);
      f.admin("POST", base + "stop/" + ROOM, null, 200);
      assertEquals(
          FOLDER + file, nodeEvents(events, node, "stop-recording", 1).get(0).header("Path"));
      assertEquals(
          409, f.api("POST", base + "stop/" + ROOM, null, ClusterFixture.TOKEN).statusCode());

      assertRefusals(f, base);

      // The same room on both nodes: the caller has to say which.
      f.nodes.get(f.nodeIds().get(0)).createConference(ROOM);
      f.nodes.get(f.nodeIds().get(0)).addMember(ROOM, "Bob", "20001");
      HttpResponse<String> both = f.api("POST", base + "start/" + ROOM, null, ClusterFixture.TOKEN);
      assertEquals(409, both.statusCode(), both.body());
      assertTrue(both.body().contains("name one with node"), both.body());

      // The node cannot open the file: the start answers +OK, then start-recording has Error.
      f.nodes.get(node).failRecordingsUnder(FOLDER);
      f.admin("POST", base + "start/" + ROOM + "?node=" + node, null, 200);
      Await.until(
          () -> metric(f, "start", "file_error").endsWith(" 1.0"),
          "the unopened file counted",
          PATIENCE);
      assertEquals(
          409,
          f.api("POST", base + "pause/" + ROOM + "?node=" + node, null, ClusterFixture.TOKEN)
              .statusCode(),
          "nothing is recorded any more, so nothing can be paused");

      HttpResponse<String> off = f.api("GET", "/phones/linphone/20000", null, ClusterFixture.TOKEN);
      assertEquals(503, off.statusCode(), off.body());
    }
  }
}
