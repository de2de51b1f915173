package io.switchboard.balancer.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.bbb.BbbCallException;
import io.switchboard.balancer.state.Meeting;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeetingListTest {
  private static MeetingList parse(String xml) {
    return MeetingList.parse("s1", Buffer.buffer(xml));
  }

  @Test
  void readsEachMeetingsFiguresAndNothingFromNestedElements() {
    MeetingList list =
        parse(
            "<response><returncode>SUCCESS</returncode><meetings>"
                + "<meeting><meetingName>A</meetingName><meetingID>a</meetingID><participantCount>3</participantCount>"
                + "<listenerCount>1</listenerCount><voiceParticipantCount>2</voiceParticipantCount><videoCount>1</videoCount>"
                + "<attendees><attendee><userID>u</userID><fullName>x</fullName></attendee></attendees>"
                + "<metadata><meetingID>not-a-meeting</meetingID></metadata></meeting>"
                + "<meeting><meetingID>b</meetingID></meeting></meetings></response>");
    assertEquals(
        Map.of("a", new Meeting.Counts(3, 1, 2, 1), "b", Meeting.Counts.NONE), list.meetings());
    assertTrue(
        parse(
                "<response><returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey>"
                    + "</response>")
            .meetings()
            .isEmpty());
  }

  @Test
  void anythingButASuccessfulBbbAnswerFails() {
    for (String bad :
        new String[] {
          "\u0000<<<not xml",
          "<html><body>502</body></html>",
          "<response><returncode>FAILED</returncode></response>",
          "<response><meetings/></response>",
          "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><response><returncode>&e;</returncode></response>"
        }) {
      assertThrows(BbbCallException.class, () -> parse(bad), bad);
    }
  }
}
