package io.switchboard.testkit.freeswitch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes events the way mod_event_socket sends them: switch_event_serialize (plain),
 * switch_event_serialize_json (cJSON_PrintUnformatted) or switch_event_xmlize + switch_xml_toxml
 * (xml), behind the frame header of mod_event_socket.c's event loop: {@code Content-Length:
 * %d\nContent-Type: text/event-%s\n\n}.
 */
final class EventSerializer {
  /** switch_utils.h SWITCH_URL_UNSAFE. */
  private static final String URL_UNSAFE = "\r\n #%&+:;<=>?@[\\]^`{|}\"";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final boolean[] SAFE = new boolean[128];

  static {
    for (char c = ' '; c <= '~'; c++) {
      SAFE[c] = URL_UNSAFE.indexOf(c) < 0;
    }
  }

  private EventSerializer() {}

  static byte[] frame(SimEvent event, EventFormat format) {
    String payload =
        switch (format) {
          case PLAIN -> plain(event);
          case JSON -> json(event);
          case XML -> xml(event);
        };
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    byte[] head = frameHead(body.length, format).getBytes(StandardCharsets.US_ASCII);
    byte[] frame = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, frame, head.length, body.length);
    return frame;
  }

  /** switch_event_serialize(event, &str, SWITCH_TRUE). */
  static String plain(SimEvent event) {
    StringBuilder sb = new StringBuilder(1024);
    for (SimEvent.Header h : event.headers()) {
      appendPlainHeader(sb, h);
    }
    appendPlainEnd(sb, event);
    return sb.toString();
  }

  /**
   * One header line of switch_event_serialize: {@code Name: url-encoded value}, _undef_ if empty.
   */
  static void appendPlainHeader(StringBuilder sb, SimEvent.Header h) {
    sb.append(h.name()).append(": ");
    String value = h.value();
    if (value.isEmpty()) {
      sb.append("_undef_");
    } else {
      appendUrlEncoded(sb, value);
    }
    sb.append('\n');
  }

  /** What follows the headers: the body with its Content-Length, or the empty line. */
  static void appendPlainEnd(StringBuilder sb, SimEvent event) {
    String body = event.body();
    if (body != null && !body.isEmpty()) {
      sb.append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("\n\n")
          .append(body);
    } else {
      sb.append('\n');
    }
  }

  /** mod_event_socket's frame header before an event of {@code length} bytes. */
  static String frameHead(int length, EventFormat format) {
    return "Content-Length: " + length + "\nContent-Type: text/event-" + format.keyword() + "\n\n";
  }

  static String urlEncode(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 16);
    appendUrlEncoded(sb, value);
    return sb.toString();
  }

  /**
   * switch_url_encode_opt without double encoding: bytes below space, above '~' and those in
   * SWITCH_URL_UNSAFE become %XX, except a '%' already followed by two hex digits. Runs of
   * characters that need nothing are copied whole: most values are such a run.
   */
  static void appendUrlEncoded(StringBuilder sb, String value) {
    int run = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 128 && (SAFE[c] || (c == '%' && isEncodedAlready(value, i)))) {
        continue;
      }
      appendRun(sb, value, run, i);
      if (c < 128) {
        appendPercent(sb, c);
      } else {
        // Each byte of the character's UTF-8 form (a lone surrogate becomes '?', as getBytes makes
        // it).
        int end =
            i
                + (Character.isHighSurrogate(c)
                        && i + 1 < length
                        && Character.isLowSurrogate(value.charAt(i + 1))
                    ? 2
                    : 1);
        for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          appendPercent(sb, b & 0xff);
        }
        i = end - 1;
      }
      run = i + 1;
    }
    appendRun(sb, value, run, length);
  }

  /**
   * StringBuilder.append(CharSequence, int, int) copies char by char; a whole String is one array
   * copy.
   */
  private static void appendRun(StringBuilder sb, String value, int from, int to) {
    if (from == 0 && to == value.length()) {
      sb.append(value);
    } else if (from < to) {
      sb.append(value.substring(from, to));
    }
  }

  private static void appendPercent(StringBuilder sb, int b) {
    sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }

  private static boolean isEncodedAlready(String value, int percent) {
    return percent + 2 < value.length()
        && isHex(value.charAt(percent + 1))
        && isHex(value.charAt(percent + 2));
  }

  /**
   * switch_url_encode_opt looks the digits up in "0123456789ABCDEF" (switch_utils.c:3517): lower
   * case is not hex there.
   */
  private static boolean isHex(char b) {
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F');
  }

  /** switch_event_serialize_json_obj + cJSON_PrintUnformatted. */
  static String json(SimEvent event) {
    StringBuilder sb = new StringBuilder(1024).append('{');
    boolean first = true;
    for (SimEvent.Header h : event.headers()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      jsonString(sb, h.name()).append(':');
      if (h.isArray()) {
        sb.append('[');
        for (int i = 0; i < h.values().size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          jsonString(sb, h.values().get(i));
        }
        sb.append(']');
      } else {
        jsonString(sb, h.values().get(0));
      }
    }
    String body = event.body();
    if (body != null) {
      if (!first) {
        sb.append(',');
      }
      jsonString(sb, "Content-Length").append(':');
      jsonString(sb, Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)).append(',');
      jsonString(sb, "_body").append(':');
      jsonString(sb, body);
    }
    return sb.append('}').toString();
  }

  /** cJSON's print_string_ptr: quote, backslash and control characters escaped; the rest raw. */
  private static StringBuilder jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /**
   * switch_event_xmlize (every value URL-encoded, one element per array item, Content-Length and
   * body after the headers) as switch_xml_toxml prints it: two-space indentation, one element per
   * line.
   */
  static String xml(SimEvent event) {
    StringBuilder sb = new StringBuilder(2048).append("<event>\n  <headers>\n");
    for (SimEvent.Header h : event.headers()) {
      for (String v : h.values()) {
        sb.append("    <")
            .append(h.name())
            .append('>')
            .append(xmlText(urlEncode(v)))
            .append("</")
            .append(h.name())
            .append(">\n");
      }
    }
    sb.append("  </headers>\n");
    String body = event.body();
    if (body != null && !body.isEmpty()) {
      sb.append("  <Content-Length>")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("</Content-Length>\n");
      sb.append("  <body>").append(xmlText(body)).append("</body>\n");
    }
    return sb.append("</event>\n").toString();
  }

  /** switch_xml_ampencode for text (a == 0): &amp; &lt; &gt;, CR as &#xD;, the rest as is. */
  private static String xmlText(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\r' -> sb.append("&#xD;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
