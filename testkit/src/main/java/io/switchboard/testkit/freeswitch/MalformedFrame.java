package io.switchboard.testkit.freeswitch;

/** Bytes no FreeSWITCH sends, for testing how a client survives them. */
public enum MalformedFrame {
  /** A Content-Length that is not a number. */
  BAD_CONTENT_LENGTH("Content-Type: api/response\nContent-Length: twelve\n\n"),
  /** A Content-Length far above FreeSWITCH's 16 MiB limit. */
  HUGE_CONTENT_LENGTH("Content-Type: text/event-plain\nContent-Length: 4294967296\n\n"),
  /** A header line without a colon. */
  HEADER_WITHOUT_COLON("Content-Type: command/reply\nthis is not a header\n\n"),
  /** A header block that never ends (1 MiB without an empty line). */
  ENDLESS_HEADERS(null),
  /** A well-framed event whose body is not an event. */
  BAD_EVENT_BODY("Content-Length: 22\nContent-Type: text/event-plain\n\nnot an event at all\n\n\n");

  private final String text;

  MalformedFrame(String text) {
    this.text = text;
  }

  byte[] bytes() {
    if (text != null) {
      return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    StringBuilder sb = new StringBuilder("Content-Type: text/event-plain\n");
    while (sb.length() < 1024 * 1024) {
      sb.append("X-Filler: ").append("x".repeat(100)).append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
