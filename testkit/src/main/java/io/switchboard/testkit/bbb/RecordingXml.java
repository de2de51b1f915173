package io.switchboard.testkit.bbb;

import java.util.List;

/**
 * getRecordings responses as bbb-web builds them (RecordingServiceGW.getRecordings2x for the list,
 * XmlServiceImpl.noRecordings and constructPaginatedResponse); recording elements as in the BBB API
 * documentation's getRecordings example.
 */
final class RecordingXml {

  private RecordingXml() {}

  /**
   * The list, or an empty list with noRecordings; {@code page} appends BBB 2.6+'s pagination block.
   */
  static XmlWriter recordings(List<BbbRecording> recordings, Page page) {
    XmlWriter x =
        new XmlWriter().open("response").element("returncode", "SUCCESS").open("recordings");
    recordings.forEach(r -> recording(x, r));
    x.close("recordings");
    if (recordings.isEmpty()) {
      x.element("messageKey", "noRecordings")
          .element("message", "There are no recordings for the meeting(s).");
    }
    if (page != null) {
      x.open("pagination")
          .open("pageable")
          .element("offset", page.offset())
          .element("limit", page.limit())
          .element("paged", true)
          .element("unpaged", false)
          .close("pageable")
          .element("totalElements", page.totalElements())
          .element("empty", recordings.isEmpty())
          .close("pagination");
    }
    return x.close("response");
  }

  /** What bbb-web answers when asked for every recording while allowFetchAllRecordings is off. */
  static XmlWriter refusedToListAll() {
    return new XmlWriter()
        .open("response")
        .element("returncode", "SUCCESS")
        .element("messageKey", "noRecordings")
        .element(
            "message",
            "No recordings found. This may occur if you attempt to retrieve all recordings.")
        .close("response");
  }

  record Page(int offset, int limit, int totalElements) {}

  private static void recording(XmlWriter x, BbbRecording r) {
    x.open("recording")
        .element("recordID", r.recordId())
        .element("meetingID", r.meetingId())
        .element("internalMeetingID", r.recordId())
        .element("name", r.name())
        .element("isBreakout", false)
        .element("published", r.published())
        .element("state", r.state())
        .element("startTime", r.startTime())
        .element("endTime", r.endTime())
        .element("participants", r.participants())
        .open("metadata");
    MeetingXml.namedValues(x, r.metadata());
    x.close("metadata").open("playback");
    for (BbbPlaybackFormat format : r.formats()) {
      x.open("format")
          .element("type", format.type())
          .element("url", format.url())
          .element("processingTime", format.processingTime())
          .element("length", format.length())
          .close("format");
    }
    x.close("playback").close("recording");
  }
}
