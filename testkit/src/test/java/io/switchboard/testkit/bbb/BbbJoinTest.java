package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BbbJoinTest extends SimulatorTestBase {

  @Test
  void joinRedirectsToTheHtml5ClientWithASessionTokenAndCountsTheUser() {
    client.create("jj", "attendeePW", "ap", "moderatorPW", "mp");
    HttpResponse<String> response =
        client.get("join", query("meetingID", "jj", "fullName", "Alice", "password", "mp"));
    assertEquals(302, response.statusCode());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(
        location.matches(
            "\\Q" + bbb.serverUrl() + "/html5client/join?sessionToken=\\E[a-z0-9]{16}"),
        location);
    BbbMeeting meeting = bbb.meeting("jj").orElseThrow();
    assertEquals(1, meeting.participantCount());
    assertEquals(BbbAttendee.MODERATOR, meeting.attendees().get(0).role());
    assertTrue(meeting.running());
  }

  @Test
  void joinWithRedirectFalseAnswersXml() {
    Xml created = client.create("jx", "attendeePW", "ap", "moderatorPW", "mp");
    Xml response =
        Xml.of(
            client.get(
                "join",
                query(
                    "meetingID", "jx", "fullName", "Bob", "password", "ap", "redirect", "false")));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("successfullyJoined", response.messageKey());
    assertEquals("You have joined successfully.", response.message());
    assertEquals(
        created.text("/response/internalMeetingID"), response.text("/response/meeting_id"));
    String userId = response.text("/response/user_id");
    assertTrue(userId.matches("w_[a-z0-9]{12}"), userId);
    assertTrue(response.text("/response/auth_token").matches("[a-z0-9]{12}"));
    String sessionToken = response.text("/response/session_token");
    assertEquals("ALLOW", response.text("/response/guestStatus"));
    assertEquals(
        bbb.serverUrl() + "/html5client/join?sessionToken=" + sessionToken,
        response.text("/response/url"));
    BbbAttendee attendee = bbb.meeting("jx").orElseThrow().attendees().get(0);
    assertEquals(userId, attendee.internalUserId());
    assertEquals(BbbAttendee.VIEWER, attendee.role());
  }

  @Test
  void joinKeepsTheCallersUserIdAndCustomData() {
    client.create("jd");
    client.get(
        "join",
        query(
            "meetingID",
            "jd",
            "fullName",
            "Carol",
            "role",
            "viewer",
            "userID",
            "ext-7",
            "userdata-bbb_hide_presentation_on_join",
            "true",
            "redirect",
            "false"));
    Xml info = Xml.of(client.get("getMeetingInfo", query("meetingID", "jd")));
    assertEquals("ext-7", info.text("/response/attendees/attendee/userID"));
    assertEquals(
        "true", info.text("/response/attendees/attendee/customdata/bbb_hide_presentation_on_join"));
  }

  @Test
  void aRoleParameterDecidesWithoutAPassword() {
    client.create("jr");
    HttpResponse<String> response =
        client.get("join", query("meetingID", "jr", "fullName", "Dan", "role", "MODERATOR"));
    assertEquals(302, response.statusCode());
    assertEquals(BbbAttendee.MODERATOR, bbb.meeting("jr").orElseThrow().attendees().get(0).role());
  }

  @Test
  void aWrongPasswordIsAnsweredWithXmlNotARedirect() {
    client.create("jw", "attendeePW", "ap", "moderatorPW", "mp");
    Xml response =
        Xml.of(client.get("join", query("meetingID", "jw", "fullName", "Eve", "password", "nope")));
    assertEquals("FAILED", response.returncode());
    assertEquals("Params required", response.messageKey());
    assertEquals("You must enter a valid password", response.message());
    assertEquals(0, bbb.meeting("jw").orElseThrow().participantCount());
  }

  @Test
  void neitherRoleNorPasswordIsAnsweredWithXml() {
    client.create("jn");
    Xml response = Xml.of(client.get("join", query("meetingID", "jn", "fullName", "Fay")));
    assertEquals("Params required", response.messageKey());
    assertEquals(
        "You must either send the valid role of the user, or the password, sould the meeting has one.",
        response.message());
  }

  @Test
  void joiningAnUnknownMeetingRedirectsToTheLogoutUrlWithTheErrorAsJson() {
    HttpResponse<String> response =
        client.get("join", query("meetingID", "ghost", "fullName", "Gus", "role", "viewer"));
    assertEquals(302, response.statusCode());
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertEquals(URI.create(bbb.serverUrl()).getAuthority(), location.getAuthority());
    assertEquals(
        "errors=[{\"message\":\"A meeting with that ID does not exist\",\"key\":\"invalidMeetingIdentifier\"}]",
        location.getQuery());
  }

  @Test
  void aJoinErrorGoesToTheLogoutUrlTheCallerGave() {
    HttpResponse<String> response =
        client.get(
            "join",
            query(
                "meetingID",
                "ghost",
                "fullName",
                "Hal",
                "role",
                "viewer",
                "logoutURL",
                "https://lms.example.org/back?course=4"));
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("https://lms.example.org/back?course=4&errors="), location);
  }

  @Test
  void aJoinWithABadChecksumAlsoRedirects() {
    client.create("jc");
    HttpResponse<String> response =
        client.getRaw(
            "join",
            query("meetingID", "jc", "fullName", "Ivy", "role", "viewer")
                + "&checksum="
                + "1".repeat(40));
    assertEquals(302, response.statusCode());
    String query =
        URLDecoder.decode(
            URI.create(response.headers().firstValue("Location").orElseThrow()).getRawQuery(),
            StandardCharsets.UTF_8);
    assertEquals(
        "errors=[{\"message\":\"Checksums do not match\",\"key\":\"checksumError\"}]", query);
  }

  @Test
  void aJoinWithoutFullNameRedirectsWithMissingParamFullName() {
    client.create("jf");
    HttpResponse<String> response = client.get("join", query("meetingID", "jf", "role", "viewer"));
    String location =
        URLDecoder.decode(
            response.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(location.contains("\"key\":\"missingParamFullName\""), location);
  }

  @Test
  void aCreateTimeOfAnotherMeetingInstanceIsRefused() {
    client.create("jt");
    HttpResponse<String> response =
        client.get(
            "join",
            query("meetingID", "jt", "fullName", "Jo", "role", "viewer", "createTime", "12345"));
    String location =
        URLDecoder.decode(
            response.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(location.contains("\"key\":\"mismatchCreateTimeParam\""), location);
  }

  @Test
  void theMatchingCreateTimeIsAccepted() {
    Xml created = client.create("jt2");
    HttpResponse<String> response =
        client.get(
            "join",
            query(
                "meetingID",
                "jt2",
                "fullName",
                "Jo",
                "role",
                "viewer",
                "createTime",
                created.text("/response/createTime")));
    assertTrue(response.headers().firstValue("Location").orElseThrow().contains("sessionToken="));
  }

  @Test
  void aFullMeetingRefusesNewUsersButLetsAKnownUserIdBackIn() {
    client.create("jmax", "maxParticipants", "1");
    client.get(
        "join", query("meetingID", "jmax", "fullName", "K", "role", "viewer", "userID", "k"));
    HttpResponse<String> second =
        client.get(
            "join", query("meetingID", "jmax", "fullName", "L", "role", "viewer", "userID", "l"));
    String location =
        URLDecoder.decode(
            second.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(location.contains("\"key\":\"maxParticipantsReached\""), location);
    HttpResponse<String> again =
        client.get(
            "join", query("meetingID", "jmax", "fullName", "K", "role", "viewer", "userID", "k"));
    assertTrue(again.headers().firstValue("Location").orElseThrow().contains("sessionToken="));
  }

  @Test
  void joinOnlyAnswersGet() {
    client.create("jp");
    String body =
        query(
            "meetingID",
            "jp",
            "fullName",
            "M",
            "role",
            "viewer",
            "checksum",
            client.checksumFor("join", ""));
    assertEquals(
        405, client.post("join", "", "application/x-www-form-urlencoded", body).statusCode());
  }

  @Test
  void testsCanMoveAttendeesInAndOutOfAudioAndVideo() {
    client.create("counts");
    String user = bbb.addAttendee("counts", "N", false);
    bbb.setVoiceJoined("counts", user, true);
    bbb.setVideoStreams("counts", user, 1);
    Xml on = Xml.of(client.get("getMeetingInfo", query("meetingID", "counts")));
    assertEquals("1", on.text("/response/voiceParticipantCount"));
    assertEquals("1", on.text("/response/videoCount"));
    bbb.setVoiceJoined("counts", user, false);
    bbb.setVideoStreams("counts", user, 0);
    bbb.removeAttendee("counts", user);
    Xml off = Xml.of(client.get("getMeetingInfo", query("meetingID", "counts")));
    assertEquals("0", off.text("/response/participantCount"));
    assertEquals("false", off.text("/response/running"));
    assertEquals("true", off.text("/response/hasUserJoined"));
  }

  @Test
  void drivingAnUnknownAttendeeFailsClearly() {
    client.create("nobody");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> bbb.setVoiceJoined("nobody", "w_missing", true));
    assertTrue(e.getMessage().contains("w_missing"), e.getMessage());
  }
}
