package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BbbVoiceHooksTest extends SimulatorTestBase {
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<String> ended = new CopyOnWriteArrayList<>();

  private void listen() {
    bbb.onVoiceConference(started::add, ended::add);
  }

  @Test
  void createStartsTheVoiceConferenceOnceAndEndStopsIt() {
    listen();
    String bridge = client.create("voice", "voiceBridge", "73001").text("/response/voiceBridge");
    client.create("voice");
    assertEquals(List.of(bridge), started, "a duplicate create starts nothing");
    Xml.of(client.get("end", query("meetingID", "voice")));
    assertEquals(List.of("73001"), ended);
  }

  @Test
  void aFailedCreateStartsNothing() {
    listen();
    client.create("first", "voiceBridge", "73002");
    client.create("second", "voiceBridge", "73002");
    assertEquals(List.of("73002"), started);
  }

  @Test
  void endingOrExpiringFromTheTestAlsoStopsIt() {
    listen();
    client.create("ended-by-moderator", "voiceBridge", "73003");
    client.create("expired", "voiceBridge", "73004");
    bbb.endMeeting("ended-by-moderator");
    bbb.expireMeeting("expired");
    assertEquals(List.of("73003", "73004"), ended);
  }

  @Test
  void aFailingHookDoesNotBreakTheCall() {
    bbb.onVoiceConference(
        bridge -> {
          throw new IllegalStateException("FreeSWITCH simulator not reachable");
        },
        ended::add);
    assertEquals("SUCCESS", client.create("robust").returncode());
    assertEquals(1, bbb.meetings().size());
  }
}
