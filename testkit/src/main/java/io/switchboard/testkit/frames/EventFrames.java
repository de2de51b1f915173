package io.switchboard.testkit.frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Realistic event frames, byte for byte as FreeSWITCH writes them, for codec tests and benchmarks:
 * a conference member joining (mod_conference's add-member, 80 headers), a CHANNEL_CREATE of a SIP
 * call with channel variables (about 100 headers), and a BACKGROUND_JOB with a body; each in plain,
 * json and xml. They follow switch_event.c (switch_event_serialize, switch_event_serialize_json,
 * switch_event_xmlize) and mod_event_socket.c's frame header ("Content-Length: %d\nContent-Type:
 * text/event-%s\n\n"). {@code <name>.expected.json} holds the decoded headers and body every format
 * must yield.
 */
public final class EventFrames {
  public static final String CONFERENCE_ADD_MEMBER = "conference-add-member";
  public static final String CHANNEL_CREATE = "channel-create";
  public static final String BACKGROUND_JOB = "background-job";
  public static final List<String> ALL =
      List.of(CONFERENCE_ADD_MEMBER, CHANNEL_CREATE, BACKGROUND_JOB);

  private EventFrames() {}

  /** The frame of {@code event} in {@code format} (plain, json or xml). */
  public static byte[] frame(String event, String format) {
    return resource(event + "." + format);
  }

  /** The decoded headers and body, as a JSON document {"headers": {...}, "body": ...}. */
  public static byte[] expected(String event) {
    return resource(event + ".expected.json");
  }

  private static byte[] resource(String name) {
    try (InputStream in = EventFrames.class.getResourceAsStream("/esl-frames/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no event frame " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
