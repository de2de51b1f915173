package io.switchboard.balancer.poll;

import io.switchboard.balancer.bbb.BbbCallException;
import io.switchboard.balancer.state.Meeting;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A server's getMeetings answer reduced to what the poller needs: which meetings run and their
 * participant figures. Read as a stream: a busy server's answer holds every attendee of every
 * meeting, far more than a tree is worth building for five numbers a meeting.
 */
record MeetingList(Map<String, Meeting.Counts> meetings) {
  private static final XMLInputFactory FACTORY = newFactory();
  private static final Set<String> FIELDS =
      Set.of(
          "meetingID", "participantCount", "listenerCount", "voiceParticipantCount", "videoCount");

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }

  /**
   * Parses {@code response/meetings/meeting/*}; anything that is not a successful BBB answer fails.
   */
  static MeetingList parse(String serverId, Buffer body) {
    Map<String, Meeting.Counts> meetings = new HashMap<>();
    String returncode = null;
    try {
      XMLStreamReader xml =
          FACTORY.createXMLStreamReader(new ByteArrayInputStream(body.getBytes()));
      int depth = 0;
      Map<String, String> fields = new HashMap<>();
      String path1 = null;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String name = xml.getLocalName();
          if (depth == 1 && !name.equals("response")) {
            throw new BbbCallException(serverId, "answered XML that is not a BBB response");
          }
          if (depth == 2) {
            path1 = name;
            if (name.equals("returncode")) {
              returncode = xml.getElementText();
              depth--;
            }
          } else if (depth == 3 && "meetings".equals(path1) && name.equals("meeting")) {
            fields.clear();
          } else if (depth == 4 && "meetings".equals(path1) && FIELDS.contains(name)) {
            fields.put(name, xml.getElementText());
            depth--;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (depth == 3 && "meetings".equals(path1) && xml.getLocalName().equals("meeting")) {
            meetings.put(
                fields.getOrDefault("meetingID", ""),
                new Meeting.Counts(
                    number(fields, "participantCount"),
                    number(fields, "listenerCount"),
                    number(fields, "voiceParticipantCount"),
                    number(fields, "videoCount")));
          }
          depth--;
        }
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof BbbCallException b) {
        throw b;
      }
      throw new BbbCallException(serverId, "answered something that is not XML");
    }
    if (!"SUCCESS".equals(returncode)) {
      throw new BbbCallException(
          serverId,
          "answered getMeetings with " + (returncode == null ? "no returncode" : returncode));
    }
    return new MeetingList(meetings);
  }

  private static int number(Map<String, String> fields, String name) {
    try {
      return Integer.parseInt(fields.getOrDefault(name, "0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
