package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BbbMeetingCallsTest extends SimulatorTestBase {
  /** The elements of a getMeetingInfo response, in the order bbb-web writes them. */
  private static final List<String> MEETING_INFO_ELEMENTS =
      List.of(
          "returncode",
          "meetingName",
          "meetingID",
          "internalMeetingID",
          "createTime",
          "createDate",
          "voiceBridge",
          "dialNumber",
          "attendeePW",
          "moderatorPW",
          "running",
          "duration",
          "hasUserJoined",
          "recording",
          "hasBeenForciblyEnded",
          "startTime",
          "endTime",
          "participantCount",
          "listenerCount",
          "voiceParticipantCount",
          "videoCount",
          "maxUsers",
          "moderatorCount",
          "attendees",
          "metadata",
          "isBreakout");

  @Test
  void answersTheVersionDocumentAtTheApiRoot() {
    Xml response = Xml.of(client.getRaw("", ""));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("2.0", response.text("/response/version"));
    assertEquals("2.0", response.text("/response/apiVersion"));
  }

  @Test
  void createAnswersWithEveryFieldOfBbbsTemplateInOrder() throws Exception {
    Xml response =
        client.create(
            "room-1",
            "attendeePW",
            "ap",
            "moderatorPW",
            "mp",
            "voiceBridge",
            "71234",
            "duration",
            "90",
            "meta_Origin",
            "greenlight");
    assertEquals(
        List.of(
            "returncode",
            "meetingID",
            "internalMeetingID",
            "parentMeetingID",
            "attendeePW",
            "moderatorPW",
            "createTime",
            "voiceBridge",
            "dialNumber",
            "createDate",
            "hasUserJoined",
            "duration",
            "hasBeenForciblyEnded",
            "messageKey",
            "message"),
        response.childNames("/response"));
    String createTime = response.text("/response/createTime");
    assertEquals(
        sha1Hex("room-1") + "-" + createTime, response.text("/response/internalMeetingID"));
    assertEquals("bbb-none", response.text("/response/parentMeetingID"));
    assertEquals("ap", response.text("/response/attendeePW"));
    assertEquals("mp", response.text("/response/moderatorPW"));
    assertEquals("71234", response.text("/response/voiceBridge"));
    assertEquals("613-555-1234", response.text("/response/dialNumber"));
    assertTrue(
        response
            .text("/response/createDate")
            .matches("\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}"),
        response.text("/response/createDate"));
    assertEquals("false", response.text("/response/hasUserJoined"));
    assertEquals("90", response.text("/response/duration"));
    assertEquals("", response.messageKey());
    assertEquals("", response.message());
    assertEquals("greenlight", bbb.meeting("room-1").orElseThrow().metadata().get("origin"));
  }

  @Test
  void createGeneratesPasswordsAndAFiveDigitVoiceBridgeWhenNoneAreGiven() {
    Xml response = client.create("room-defaults");
    assertTrue(response.text("/response/attendeePW").matches("[A-Za-z0-9]{8}"));
    assertTrue(response.text("/response/moderatorPW").matches("[A-Za-z0-9]{8}"));
    assertTrue(response.text("/response/voiceBridge").matches("\\d{5}"));
  }

  @Test
  void createWithTheSameIdAndPasswordsReturnsTheRunningMeetingWithDuplicateWarning() {
    Xml first = client.create("dup", "attendeePW", "ap", "moderatorPW", "mp", "name", "ignored");
    Xml again =
        client.create("dup", "attendeePW", "ap", "moderatorPW", "mp", "voiceBridge", "79999");
    assertEquals("SUCCESS", again.returncode());
    assertEquals("duplicateWarning", again.messageKey());
    assertEquals(
        "This conference was already in existence and may currently be in progress.",
        again.message());
    assertEquals(
        first.text("/response/internalMeetingID"), again.text("/response/internalMeetingID"));
    assertEquals(
        first.text("/response/voiceBridge"),
        again.text("/response/voiceBridge"),
        "the repeated call's other parameters are ignored");
    assertEquals(1, bbb.meetings().size());
  }

  @Test
  void createWithTheSameIdAndNoPasswordsIsAlsoADuplicate() {
    client.create("dup-nopw", "attendeePW", "ap", "moderatorPW", "mp");
    assertEquals("duplicateWarning", client.create("dup-nopw").messageKey());
  }

  @Test
  void createWithTheSameIdButOtherPasswordsFailsWithIdNotUnique() {
    client.create("dup-pw", "attendeePW", "ap", "moderatorPW", "mp");
    Xml response = client.create("dup-pw", "attendeePW", "ap", "moderatorPW", "other");
    assertEquals("FAILED", response.returncode());
    assertEquals("idNotUnique", response.messageKey());
    assertEquals(
        "A meeting already exists with that meeting ID.  Please use a different meeting ID.",
        response.message());
  }

  @Test
  void createRefusesAVoiceBridgeInUseByAnotherMeeting() {
    client.create("bridge-a", "voiceBridge", "70001");
    Xml response = client.create("bridge-b", "voiceBridge", "70001");
    assertEquals("FAILED", response.returncode());
    assertEquals("nonUniqueVoiceBridge", response.text("/response/errors/error/key"));
    assertEquals(
        "The selected voice bridge is already in use.",
        response.text("/response/errors/error/message"));
  }

  @Test
  void createWithoutMeetingIdFails() {
    Xml response = Xml.of(client.get("create", query("name", "No id")));
    assertEquals("FAILED", response.returncode());
    assertEquals("missingParamMeetingID", response.messageKey());
    assertEquals("You must provide a meeting ID", response.message());
  }

  @Test
  void createWithoutNameFails() {
    Xml response = Xml.of(client.get("create", query("meetingID", "nameless")));
    assertEquals("validationError", response.messageKey());
    assertEquals("You must provide a meeting name", response.message());
  }

  @Test
  void createRejectsAMeetingIdWithAComma() {
    Xml response = client.create("a,b");
    assertEquals("validationError", response.messageKey());
    assertEquals("Meeting ID cannot contain ','", response.message());
  }

  @Test
  void createRejectsAOneCharacterMeetingId() {
    Xml response = client.create("x");
    assertEquals("validationError", response.messageKey());
    assertEquals("Meeting ID must be between 2 and 256 characters", response.message());
  }

  @Test
  void aMeetingIdMayBeCreatedAgainOnceItsMeetingEnded() {
    Xml first = client.create("again");
    Xml.of(client.get("end", query("meetingID", "again")));
    Xml second = client.create("again");
    assertEquals("", second.messageKey());
    assertNotEquals(
        first.text("/response/internalMeetingID"), second.text("/response/internalMeetingID"));
  }

  @Test
  void isMeetingRunningWithoutMeetingIdFails() {
    Xml response = Xml.of(client.get("isMeetingRunning", ""));
    assertEquals("missingParamMeetingID", response.messageKey());
  }

  /**
   * getMeetingInfo has two constraints on the id (present, and an existing meeting); both fail, and
   * bbb-web reports the first key of its HashMap of violations, which is notFound.
   */
  @Test
  void getMeetingInfoWithoutMeetingIdReportsWhatBbbsViolationMapPutsFirst() {
    Xml response = Xml.of(client.get("getMeetingInfo", ""));
    assertEquals("FAILED", response.returncode());
    assertEquals("notFound", response.messageKey());
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    String query = query("name", "Big", "meetingID", "big");
    HttpResponse<String> response =
        client.post(
            "create",
            query + "&checksum=" + client.checksumFor("create", query),
            "application/xml",
            "x".repeat(3 * 1024 * 1024));
    assertEquals(413, response.statusCode());
    assertTrue(bbb.meetings().isEmpty());
  }

  @Test
  void createAcceptsAnXmlBodyOfPreUploadedSlidesAndIgnoresIt() {
    String query = query("name", "Slides", "meetingID", "slides");
    String body =
        "<modules><module name=\"presentation\"><document url=\"http://example.org/a.pdf\"/></module></modules>";
    Xml response =
        Xml.of(
            client.post(
                "create",
                query + "&checksum=" + client.checksumFor("create", query),
                "application/xml",
                body));
    assertEquals("SUCCESS", response.returncode());
  }

  @Test
  void createRejectsABodyOfAnotherContentType() {
    String query = query("name", "Json", "meetingID", "json");
    Xml response =
        Xml.of(
            client.post(
                "create",
                query + "&checksum=" + client.checksumFor("create", query),
                "application/json",
                "{}"));
    assertEquals("unsupportedContentType", response.messageKey());
    assertEquals("POST request Content-Type is missing or unsupported", response.message());
  }

  @Test
  void getMeetingInfoReportsTheMeetingAsBbbDoes() {
    client.create(
        "info",
        "attendeePW",
        "ap",
        "moderatorPW",
        "mp",
        "voiceBridge",
        "72000",
        "record",
        "true",
        "meta_bbb-origin",
        "Greenlight");
    String moderator = bbb.addAttendee("info", "Mod", true);
    String viewer = bbb.addAttendee("info", "View", false);
    bbb.setVoiceJoined("info", moderator, true);
    bbb.setListeningOnly("info", viewer, true);
    bbb.setVideoStreams("info", moderator, 2);

    Xml info = Xml.of(client.get("getMeetingInfo", query("meetingID", "info")));
    assertEquals(MEETING_INFO_ELEMENTS, info.childNames("/response"));
    assertEquals("Room info", info.text("/response/meetingName"));
    assertEquals("true", info.text("/response/running"));
    assertEquals("true", info.text("/response/recording"));
    assertEquals("2", info.text("/response/participantCount"));
    assertEquals("1", info.text("/response/listenerCount"));
    assertEquals("1", info.text("/response/voiceParticipantCount"));
    assertEquals("2", info.text("/response/videoCount"));
    assertEquals("1", info.text("/response/moderatorCount"));
    assertEquals("Greenlight", info.text("/response/metadata/bbb-origin"));
    assertEquals("MODERATOR", info.text("/response/attendees/attendee[fullName='Mod']/role"));
    assertEquals("true", info.text("/response/attendees/attendee[fullName='Mod']/isPresenter"));
    assertEquals("true", info.text("/response/attendees/attendee[fullName='Mod']/hasVideo"));
    assertEquals("VIEWER", info.text("/response/attendees/attendee[fullName='View']/role"));
    assertEquals(
        "true", info.text("/response/attendees/attendee[fullName='View']/isListeningOnly"));
    assertEquals("HTML5", info.text("/response/attendees/attendee[fullName='View']/clientType"));
  }

  @Test
  void getMeetingInfoOfAnUnknownMeetingIsNotFound() {
    Xml response = Xml.of(client.get("getMeetingInfo", query("meetingID", "nobody-here")));
    assertEquals("FAILED", response.returncode());
    assertEquals("notFound", response.messageKey());
    assertEquals("A meeting with that ID does not exist", response.message());
  }

  @Test
  void getMeetingsWithoutMeetingsSaysSo() {
    Xml response = Xml.of(client.get("getMeetings", ""));
    assertEquals("SUCCESS", response.returncode());
    assertEquals(0, response.count("/response/meetings/meeting"));
    assertEquals("noMeetings", response.messageKey());
    assertEquals("no meetings were found on this server", response.message());
  }

  @Test
  void getMeetingsListsEveryMeetingWithItsCounts() {
    client.create("list-a");
    client.create("list-b");
    bbb.addAttendee("list-b", "Someone", false);
    Xml response = Xml.of(client.get("getMeetings", ""));
    assertEquals(2, response.count("/response/meetings/meeting"));
    assertEquals(
        "1", response.text("/response/meetings/meeting[meetingID='list-b']/participantCount"));
    assertEquals(
        "0", response.text("/response/meetings/meeting[meetingID='list-a']/participantCount"));
    assertNull(response.messageKey());
  }

  @Test
  void isMeetingRunningIsTrueOnlyWhileSomeoneIsIn() {
    client.create("run");
    assertEquals(
        "false",
        Xml.of(client.get("isMeetingRunning", query("meetingID", "run")))
            .text("/response/running"));
    String user = bbb.addAttendee("run", "U", false);
    assertEquals(
        "true",
        Xml.of(client.get("isMeetingRunning", query("meetingID", "run")))
            .text("/response/running"));
    bbb.removeAttendee("run", user);
    assertEquals(
        "false",
        Xml.of(client.get("isMeetingRunning", query("meetingID", "run")))
            .text("/response/running"));
    assertTrue(bbb.meeting("run").orElseThrow().hasUserJoined());
  }

  @Test
  void isMeetingRunningOfAnUnknownMeetingIsFalseNotAnError() {
    Xml response = Xml.of(client.get("isMeetingRunning", query("meetingID", "unknown")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("false", response.text("/response/running"));
  }

  @Test
  void endEndsTheMeetingAndItIsGoneAfterwards() {
    client.create("to-end", "moderatorPW", "mp");
    Xml response = Xml.of(client.get("end", query("meetingID", "to-end", "password", "mp")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("sentEndMeetingRequest", response.messageKey());
    assertEquals(
        "A request to end the meeting was sent.  Please wait a few seconds, and then use the"
            + " getMeetingInfo or isMeetingRunning API calls to verify that it was ended.",
        response.message());
    assertEquals(
        "notFound",
        Xml.of(client.get("getMeetingInfo", query("meetingID", "to-end"))).messageKey());
    assertTrue(bbb.meetings().isEmpty());
  }

  @Test
  void endWithoutPasswordIsAccepted() {
    client.create("end-nopw");
    assertEquals("SUCCESS", Xml.of(client.get("end", query("meetingID", "end-nopw"))).returncode());
  }

  @Test
  void endWithTheWrongPasswordFails() {
    client.create("end-wrong", "moderatorPW", "mp", "attendeePW", "ap");
    Xml response = Xml.of(client.get("end", query("meetingID", "end-wrong", "password", "ap")));
    assertEquals("invalidPassword", response.messageKey());
    assertEquals("The supplied moderator password is incorrect", response.message());
    assertTrue(bbb.meeting("end-wrong").isPresent());
  }

  @Test
  void endOfAnUnknownMeetingIsNotFound() {
    assertEquals("notFound", Xml.of(client.get("end", query("meetingID", "never"))).messageKey());
  }

  @Test
  void endAcceptsAFormPost() {
    client.create("end-post");
    String body = query("meetingID", "end-post", "checksum", client.checksumFor("end", ""));
    assertEquals(
        "SUCCESS",
        Xml.of(client.post("end", "", "application/x-www-form-urlencoded", body)).returncode());
  }

  @Test
  void anUnknownCallIsNotFound() {
    HttpResponse<String> response = client.get("noSuchCall", "");
    assertEquals(404, response.statusCode());
  }

  @Test
  void responsesAreTextXml() {
    HttpResponse<String> response = client.get("getMeetings", "");
    assertEquals(
        "text/xml;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
    assertNotEquals(-1, response.body().indexOf("<response>"));
  }

  private static String sha1Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
