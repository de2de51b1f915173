package io.switchboard.balancer.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.MeetingRecord;
import io.switchboard.balancer.state.Server;
import io.switchboard.balancer.state.ServerRecord;
import io.switchboard.bus.Json;
import io.switchboard.security.SecretSealer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Load arithmetic and voice bridge candidates, on a state fed records as the topics would. */
class MeetingPlacerTest {
  private final SecretSealer sealer =
      SecretSealer.fromKeys(List.of(Base64.getEncoder().encodeToString(new byte[16])));
  private final ClusterState state = new ClusterState(sealer);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final MeetingPlacer placer = new MeetingPlacer(state, 3, Duration.ofMinutes(5), now::get);

  private void server(String id, double multiplier) {
    state.applyServer(
        id,
        Json.encode(
            new ServerRecord(
                ServerRecord.VERSION,
                id,
                "http://" + id + "/bigbluebutton/api",
                sealer.seal("s"),
                ServerRecord.PoolState.ENABLED,
                multiplier,
                0,
                null)));
    state.server(id).ifPresent(s -> s.online(true));
  }

  private void meeting(String id, String server, double load, long createdAt) {
    state.applyMeeting(
        id,
        Json.encode(
            new MeetingRecord(
                MeetingRecord.VERSION,
                id,
                "w-" + id,
                MeetingRecord.Kind.CLAIM,
                null,
                server,
                "12345",
                load,
                "i-" + id,
                createdAt,
                null,
                "test")));
  }

  @Test
  void youngMeetingsCountAtLeastTheMinimumAndMultipliersWeigh() {
    server("a", 1);
    server("b", 1);
    meeting("m1", "a", 1, now.get());
    assertEquals(3.0, placer.loads().get("a"), "young: at least the minimum");
    now.addAndGet(Duration.ofMinutes(6).toMillis());
    assertEquals(1.0, placer.loads().get("a"), "grown up: its own load");
    assertEquals("b", placer.choose(null).map(Server::id).orElseThrow());
    meeting("m2", "b", 2, 0);
    assertEquals("a", placer.choose(null).map(Server::id).orElseThrow(), "1 < 2");
    server("b", 0.25);
    assertEquals("b", placer.choose(null).map(Server::id).orElseThrow(), "2 x 0.25 < 1 x 1");
    assertEquals("a", placer.choose("b").map(Server::id).orElseThrow(), "excluded");
  }

  @Test
  void reservationsSpreadCreatesUntilTheirRecordsArrive() {
    server("a", 1);
    server("b", 1);
    placer.reserve("w1", "a", 1);
    assertEquals("b", placer.choose(null).map(Server::id).orElseThrow());
    placer.release("w1");
    assertEquals("a", placer.choose(null).map(Server::id).orElseThrow());
    state.server("a").orElseThrow().online(false);
    state.server("b").orElseThrow().online(false);
    assertTrue(placer.choose(null).isEmpty(), "nothing online, nothing placeable");
  }

  @Test
  void voiceBridgesAreStableDigitsNotStartingWithZero() {
    VoiceBridges bridges = new VoiceBridges(state, 5);
    for (int i = 0; i < 200; i++) {
      String c = bridges.candidate("room-" + i, 0);
      assertTrue(c.matches("[1-9][0-9]{4}"), c);
      assertEquals(c, bridges.candidate("room-" + i, 0));
    }
    assertNotEquals(bridges.candidate("room", 0), bridges.candidate("room", 1));
  }
}
