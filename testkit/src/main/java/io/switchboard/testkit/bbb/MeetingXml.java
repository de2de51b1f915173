package io.switchboard.testkit.bbb;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Renders meetings the way bbb-web's FreeMarker templates do (bigbluebutton-web WEB-INF/freemarker:
 * create-meeting.ftlx, get-meeting-info.ftlx, get-meetings.ftlx); element order follows the
 * templates.
 */
final class MeetingXml {

  /**
   * {@code java.util.Date#toString()} on a server running in UTC, which is what createDate shows.
   */
  private static final DateTimeFormatter CREATE_DATE =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US)
          .withZone(ZoneId.of("UTC"));

  private MeetingXml() {}

  static String createDate(long epochMillis) {
    return CREATE_DATE.format(Instant.ofEpochMilli(epochMillis));
  }

  /** create-meeting.ftlx; messageKey and message are always present, empty for a fresh meeting. */
  static XmlWriter createResponse(BbbMeeting m, String messageKey, String message) {
    XmlWriter x =
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("meetingID", m.meetingId())
            .element("internalMeetingID", m.internalMeetingId())
            .element("parentMeetingID", "bbb-none");
    passwordsIfSet(x, m);
    return x.element("createTime", m.createTime())
        .element("voiceBridge", m.voiceBridge())
        .element("dialNumber", m.dialNumber())
        .element("createDate", createDate(m.createTime()))
        .element("hasUserJoined", m.hasUserJoined())
        .element("duration", m.duration())
        .element("hasBeenForciblyEnded", m.forciblyEnded())
        .element("messageKey", messageKey)
        .element("message", message)
        .close("response");
  }

  /** get-meeting-info.ftlx: passwords only when set. */
  static XmlWriter meetingInfoResponse(BbbMeeting m) {
    XmlWriter x = new XmlWriter().open("response").element("returncode", "SUCCESS");
    meetingBody(x, m, false);
    return x.close("response");
  }

  /** get-meetings.ftlx; with no meetings: an empty list plus noMeetings. */
  static XmlWriter meetingsResponse(Iterable<BbbMeeting> meetings) {
    XmlWriter x = new XmlWriter().open("response").element("returncode", "SUCCESS");
    boolean any = false;
    for (BbbMeeting m : meetings) {
      if (!any) {
        x.open("meetings");
        any = true;
      }
      x.open("meeting");
      meetingBody(x, m, true);
      x.close("meeting");
    }
    if (any) {
      x.close("meetings");
    } else {
      x.emptyElement("meetings")
          .element("messageKey", "noMeetings")
          .element("message", "no meetings were found on this server");
    }
    return x.close("response");
  }

  private static void meetingBody(XmlWriter x, BbbMeeting m, boolean passwordsAlways) {
    x.element("meetingName", m.name())
        .element("meetingID", m.meetingId())
        .element("internalMeetingID", m.internalMeetingId())
        .element("createTime", m.createTime())
        .element("createDate", createDate(m.createTime()))
        .element("voiceBridge", m.voiceBridge())
        .element("dialNumber", m.dialNumber());
    if (passwordsAlways) {
      x.element("attendeePW", m.attendeePassword()).element("moderatorPW", m.moderatorPassword());
    } else {
      passwordsIfSet(x, m);
    }
    x.element("running", m.running())
        .element("duration", m.duration())
        .element("hasUserJoined", m.hasUserJoined())
        .element("recording", m.recording())
        .element("hasBeenForciblyEnded", m.forciblyEnded())
        .element("startTime", m.startTime())
        .element("endTime", m.endTime())
        .element("participantCount", m.participantCount())
        .element("listenerCount", m.listenerCount())
        .element("voiceParticipantCount", m.voiceParticipantCount())
        .element("videoCount", m.videoCount())
        .element("maxUsers", m.maxUsers())
        .element("moderatorCount", m.moderatorCount());
    x.open("attendees");
    for (BbbAttendee a : m.attendees()) {
      attendee(x, a);
    }
    x.close("attendees");
    x.open("metadata");
    namedValues(x, m.metadata());
    x.close("metadata");
    x.element("isBreakout", false);
  }

  private static void attendee(XmlWriter x, BbbAttendee a) {
    x.open("attendee")
        .element("userID", a.userId())
        .element("fullName", a.fullName())
        .element("role", a.role())
        .element("isPresenter", a.presenter())
        .element("isListeningOnly", a.listeningOnly())
        .element("hasJoinedVoice", a.voiceJoined())
        .element("hasVideo", a.videoStreams() > 0)
        .element("clientType", "HTML5");
    if (!a.customData().isEmpty()) {
      x.open("customdata");
      namedValues(x, a.customData());
      x.close("customdata");
    }
    x.close("attendee");
  }

  static void namedValues(XmlWriter x, Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          if (XmlWriter.isXmlName(name)) {
            x.element(name, value);
          }
        });
  }

  private static void passwordsIfSet(XmlWriter x, BbbMeeting m) {
    if (!m.attendeePassword().isEmpty()) {
      x.element("attendeePW", m.attendeePassword());
    }
    if (!m.moderatorPassword().isEmpty()) {
      x.element("moderatorPW", m.moderatorPassword());
    }
  }
}
