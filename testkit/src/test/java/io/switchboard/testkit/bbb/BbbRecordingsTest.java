package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BbbRecordingsTest extends SimulatorTestBase {

  private BbbRecording seed(String meetingId, long startTime, String state) {
    BbbRecording recording =
        BbbRecording.builder(meetingId)
            .startTime(startTime)
            .state(state)
            .name("Room " + meetingId)
            .participants(3)
            .meta("gl-listed", "true")
            .format(
                "presentation",
                "https://bbb.example.org/playback/presentation/2.3/" + meetingId,
                7177,
                12)
            .build();
    bbb.seedRecording(recording);
    return recording;
  }

  @Test
  void aSeededRecordingGetsTheRecordIdBbbWouldGiveIt() throws Exception {
    BbbRecording recording = seed("course-1", 1_700_000_000_123L, BbbRecording.PUBLISHED);
    String sha1 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-1")
                    .digest("course-1".getBytes(StandardCharsets.UTF_8)));
    assertEquals(sha1 + "-1700000000123", recording.recordId());
  }

  @Test
  void getRecordingsByMeetingIdListsTheRecordingAsBbbDoes() {
    BbbRecording recording = seed("course-1", 1_700_000_000_000L, BbbRecording.PUBLISHED);
    seed("course-2", 1_700_000_000_000L, BbbRecording.PUBLISHED);
    Xml response = Xml.of(client.get("getRecordings", query("meetingID", "course-1")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals(1, response.count("/response/recordings/recording"));
    String r = "/response/recordings/recording";
    assertEquals(
        List.of(
            "recordID",
            "meetingID",
            "internalMeetingID",
            "name",
            "isBreakout",
            "published",
            "state",
            "startTime",
            "endTime",
            "participants",
            "metadata",
            "playback"),
        response.childNames(r));
    assertEquals(recording.recordId(), response.text(r + "/recordID"));
    assertEquals("course-1", response.text(r + "/meetingID"));
    assertEquals("true", response.text(r + "/published"));
    assertEquals("published", response.text(r + "/state"));
    assertEquals("3", response.text(r + "/participants"));
    assertEquals("true", response.text(r + "/metadata/gl-listed"));
    assertEquals("course-1", response.text(r + "/metadata/meetingId"));
    assertEquals("presentation", response.text(r + "/playback/format/type"));
    assertEquals(
        "https://bbb.example.org/playback/presentation/2.3/course-1",
        response.text(r + "/playback/format/url"));
    assertEquals("7177", response.text(r + "/playback/format/processingTime"));
    assertEquals("12", response.text(r + "/playback/format/length"));
    assertNull(response.node("/response/pagination"));
  }

  @Test
  void getRecordingsByRecordIdMatchesAPrefix() {
    BbbRecording recording = seed("course-3", 1_700_000_000_000L, BbbRecording.PUBLISHED);
    Xml response =
        Xml.of(
            client.get("getRecordings", query("recordID", recording.recordId().substring(0, 10))));
    assertEquals(recording.recordId(), response.text("/response/recordings/recording/recordID"));
  }

  @Test
  void severalIdsAreSeparatedByCommas() {
    BbbRecording a = seed("course-4", 1_700_000_000_000L, BbbRecording.PUBLISHED);
    BbbRecording b = seed("course-5", 1_700_000_000_000L, BbbRecording.UNPUBLISHED);
    Xml response =
        Xml.of(client.get("getRecordings", query("recordID", a.recordId() + "," + b.recordId())));
    assertEquals(2, response.count("/response/recordings/recording"));
  }

  @Test
  void withoutStateOnlyPublishedAndUnpublishedAreListed() {
    seed("states", 1L, BbbRecording.PUBLISHED);
    seed("states", 2L, BbbRecording.UNPUBLISHED);
    seed("states", 3L, BbbRecording.PROCESSING);
    seed("states", 4L, BbbRecording.DELETED);
    assertEquals(
        2,
        Xml.of(client.get("getRecordings", query("meetingID", "states")))
            .count("/response/recordings/recording"));
    assertEquals(
        4,
        Xml.of(client.get("getRecordings", query("meetingID", "states", "state", "any")))
            .count("/response/recordings/recording"));
    Xml some =
        Xml.of(
            client.get(
                "getRecordings", query("meetingID", "states", "state", "processing,deleted")));
    assertEquals(2, some.count("/response/recordings/recording"));
    assertEquals("false", some.text("/response/recordings/recording[state='deleted']/published"));
  }

  @Test
  void metadataFiltersUseBbbsWildcards() {
    bbb.seedRecording(
        BbbRecording.builder("meta").startTime(1L).meta("course", "Physics 101").build());
    bbb.seedRecording(
        BbbRecording.builder("meta").startTime(2L).meta("course", "Chemistry").build());
    assertEquals(
        1,
        Xml.of(client.get("getRecordings", query("meta_course", "Physics%")))
            .count("/response/recordings/recording"));
    assertEquals(
        2,
        Xml.of(client.get("getRecordings", query("meta_course", "%y%")))
            .count("/response/recordings/recording"));
    assertEquals(
        0,
        Xml.of(client.get("getRecordings", query("meta_course", "Physics")))
            .count("/response/recordings/recording"));
  }

  @Test
  void noMatchIsSuccessWithNoRecordings() {
    Xml response = Xml.of(client.get("getRecordings", query("meetingID", "none")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals(0, response.count("/response/recordings/recording"));
    assertEquals("noRecordings", response.messageKey());
    assertEquals("There are no recordings for the meeting(s).", response.message());
  }

  @Test
  void offsetAndLimitPageTheListAndSayHow() {
    for (int i = 0; i < 5; i++) {
      seed("paged", 1_000L + i, BbbRecording.PUBLISHED);
    }
    Xml page =
        Xml.of(
            client.get("getRecordings", query("meetingID", "paged", "offset", "1", "limit", "2")));
    assertEquals(2, page.count("/response/recordings/recording"));
    assertTrue(page.text("/response/recordings/recording[1]/recordID").endsWith("-1001"));
    assertTrue(page.text("/response/recordings/recording[2]/recordID").endsWith("-1002"));
    assertEquals("1", page.text("/response/pagination/pageable/offset"));
    assertEquals("2", page.text("/response/pagination/pageable/limit"));
    assertEquals("true", page.text("/response/pagination/pageable/paged"));
    assertEquals("false", page.text("/response/pagination/pageable/unpaged"));
    assertEquals("5", page.text("/response/pagination/totalElements"));
    assertEquals("false", page.text("/response/pagination/empty"));
  }

  @Test
  void aPageBeyondTheEndIsEmpty() {
    seed("short", 1L, BbbRecording.PUBLISHED);
    Xml page =
        Xml.of(
            client.get("getRecordings", query("meetingID", "short", "offset", "10", "limit", "5")));
    assertEquals(0, page.count("/response/recordings/recording"));
    assertEquals("noRecordings", page.messageKey());
    assertEquals("true", page.text("/response/pagination/empty"));
  }

  @Test
  void theLimitIsClampedTo100AndAnOffsetWithoutLimitIsIgnored() {
    for (int i = 0; i < 3; i++) {
      seed("clamp", i, BbbRecording.PUBLISHED);
    }
    assertEquals(
        "100",
        Xml.of(client.get("getRecordings", query("meetingID", "clamp", "limit", "500")))
            .text("/response/pagination/pageable/limit"));
    Xml unpaged = Xml.of(client.get("getRecordings", query("meetingID", "clamp", "offset", "2")));
    assertEquals(3, unpaged.count("/response/recordings/recording"));
    assertNull(unpaged.node("/response/pagination"));
  }

  @Test
  void publishAndUnpublishChangeTheState() {
    BbbRecording recording = seed("pub", 1L, BbbRecording.PUBLISHED);
    Xml response =
        Xml.of(
            client.get(
                "publishRecordings", query("recordID", recording.recordId(), "publish", "false")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("false", response.text("/response/published"));
    assertEquals(
        BbbRecording.UNPUBLISHED, bbb.recording(recording.recordId()).orElseThrow().state());
    Xml.of(
        client.get(
            "publishRecordings", query("recordID", recording.recordId(), "publish", "true")));
    assertTrue(bbb.recording(recording.recordId()).orElseThrow().published());
  }

  @Test
  void publishNeedsRecordIdAndPublish() {
    assertEquals(
        "missingParamRecordID",
        Xml.of(client.get("publishRecordings", query("publish", "true"))).messageKey());
    Xml response = Xml.of(client.get("publishRecordings", query("recordID", "x")));
    assertEquals("missingParamPublish", response.messageKey());
    assertEquals("You must specify a publish value true or false.", response.message());
  }

  @Test
  void publishingAnUnknownRecordingIsNotFound() {
    Xml response =
        Xml.of(client.get("publishRecordings", query("recordID", "unknown", "publish", "true")));
    assertEquals("FAILED", response.returncode());
    assertEquals("notFound", response.messageKey());
    assertEquals("We could not find recordings", response.message());
  }

  @Test
  void updateRecordingsAddsAndRemovesMetadata() {
    BbbRecording recording = seed("upd", 1L, BbbRecording.PUBLISHED);
    Xml response =
        Xml.of(
            client.get(
                "updateRecordings",
                query(
                    "recordID", recording.recordId(), "meta_Term", "Fall", "meta_gl-listed", "")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("true", response.text("/response/updated"));
    BbbRecording updated = bbb.recording(recording.recordId()).orElseThrow();
    assertEquals("Fall", updated.metadata().get("term"));
    assertFalse(updated.metadata().containsKey("gl-listed"));
  }

  @Test
  void updateRecordingsNeedsAnExistingRecording() {
    assertEquals(
        "missingParamRecordID",
        Xml.of(client.get("updateRecordings", query("meta_a", "b"))).messageKey());
    assertEquals(
        "notFound", Xml.of(client.get("updateRecordings", query("recordID", "nope"))).messageKey());
  }

  @Test
  void deleteRecordingsMovesThemToDeleted() {
    BbbRecording recording = seed("del", 1L, BbbRecording.UNPUBLISHED);
    Xml response = Xml.of(client.get("deleteRecordings", query("recordID", recording.recordId())));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("true", response.text("/response/deleted"));
    assertEquals(BbbRecording.DELETED, bbb.recording(recording.recordId()).orElseThrow().state());
    assertEquals(
        0,
        Xml.of(client.get("getRecordings", query("meetingID", "del")))
            .count("/response/recordings/recording"));
    assertEquals(
        "notFound",
        Xml.of(client.get("deleteRecordings", query("recordID", recording.recordId())))
            .messageKey(),
        "a deleted recording cannot be deleted again");
  }

  @Test
  void recordingCallsCheckForTheChecksumBeforeTheirParameters() {
    Xml response = Xml.of(client.getRaw("deleteRecordings", ""));
    assertEquals("checksumError", response.messageKey());
    assertEquals("You did not pass the checksum security check", response.message());
  }
}
