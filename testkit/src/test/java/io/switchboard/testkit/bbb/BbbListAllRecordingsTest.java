package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BbbListAllRecordingsTest extends SimulatorTestBase {

  @Override
  BbbSimulatorConfig.Builder config() {
    return BbbSimulatorConfig.builder(SECRET).allowFetchAllRecordings(false);
  }

  @Test
  void refusesToListEverythingWhenConfiguredSoButStillPages() {
    bbb.seedRecording(BbbRecording.builder("all").build());
    Xml all = Xml.of(client.get("getRecordings", ""));
    assertEquals("noRecordings", all.messageKey());
    assertEquals(
        "No recordings found. This may occur if you attempt to retrieve all recordings.",
        all.message());
    assertEquals(
        1,
        Xml.of(client.get("getRecordings", query("limit", "10")))
            .count("/response/recordings/recording"));
  }
}
