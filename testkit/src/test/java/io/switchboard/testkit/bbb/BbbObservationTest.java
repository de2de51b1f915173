package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BbbObservationTest extends SimulatorTestBase {

  @Override
  BbbSimulatorConfig.Builder config() {
    return BbbSimulatorConfig.builder(SECRET).callLogCapacity(3).serverId("bbb-7");
  }

  @Test
  void recordsEachCallWithItsParametersAndRawQuery() {
    client.create("observed", "meta_x", "a b");
    BbbReceivedCall call = bbb.calls("create").get(0);
    assertEquals("create", call.call());
    assertEquals("GET", call.method());
    assertEquals("observed", call.param("meetingID"));
    assertEquals("a b", call.param("meta_x"));
    assertTrue(call.rawQuery().contains("meta_x=a+b"), call.rawQuery());
    assertTrue(call.params().containsKey("checksum"));
  }

  @Test
  void keepsOnlyTheMostRecentCalls() {
    for (int i = 0; i < 5; i++) {
      client.get("isMeetingRunning", query("meetingID", "m" + i));
    }
    List<String> kept = new ArrayList<>();
    bbb.calls().forEach(c -> kept.add(c.param("meetingID")));
    assertEquals(List.of("m2", "m3", "m4"), kept);
    bbb.clearCalls();
    assertTrue(bbb.calls().isEmpty());
  }

  @Test
  void resetForgetsEverything() {
    client.create("gone");
    bbb.seedRecording(BbbRecording.builder("gone").build());
    bbb.setFault(BbbFault.GARBAGE).await();
    bbb.reset().await();
    assertTrue(bbb.meetings().isEmpty());
    assertTrue(bbb.recordings().isEmpty());
    assertTrue(bbb.calls().isEmpty());
    assertEquals(BbbFault.NONE, bbb.fault());
    assertEquals("bbb-7", bbb.serverId());
  }
}
