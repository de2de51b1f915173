package io.switchboard.esl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads the JSON that switch_event_serialize_json writes: one flat object whose members are
 * strings, or arrays of strings for array headers (cJSON_PrintUnformatted). String values are only
 * located and validated here; {@link EslEvent} unescapes them when they are read. Anything that is
 * not such an object is an {@link EslProtocolException}. Numbers, true, false and null are accepted
 * as text; nested objects are not.
 */
final class FlatJsonEventScanner {
  private static final String BODY = "_body";
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  private final HeaderNameCache names;
  private final RepeatDetector repeats;
  private byte[] buf;
  private int pos;
  private int end;
  private String[] outNames = new String[64];
  private String[] outValues = new String[64];
  private int[] spans = new int[128];
  private int count;

  /** The {@code _body} member of the object being scanned, or null. */
  private String body;

  /** Set by {@link #scanString}: whether an escape was seen. */
  private boolean lastEscaped;

  FlatJsonEventScanner(HeaderNameCache names, RepeatDetector repeats) {
    this.names = names;
    this.repeats = repeats;
  }

  EslEvent scan(byte[] json) throws EslProtocolException {
    buf = json;
    pos = 0;
    end = json.length;
    count = 0;
    body = null;
    repeats.reset();
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      scanMembers();
    }
    skipSpace();
    if (pos != end) {
      throw error("trailing bytes after the event object");
    }
    EslEvent event =
        EslEvent.ofSpans(
            Arrays.copyOf(outNames, count),
            Arrays.copyOf(outValues, count),
            Arrays.copyOf(spans, 2 * count),
            count,
            body,
            buf,
            repeats.repeated());
    Arrays.fill(outValues, 0, count, null);
    buf = null;
    body = null;
    return event;
  }

  /** The members of a non-empty object, up to and including its closing brace. */
  private void scanMembers() throws EslProtocolException {
    while (true) {
      scanMember();
      skipSpace();
      byte next = peek();
      pos++;
      if (next == '}') {
        return;
      }
      if (next != ',') {
        throw error("expected ',' or '}'");
      }
      skipSpace();
    }
  }

  private void scanMember() throws EslProtocolException {
    expect('"');
    int keyStart = pos;
    scanString();
    int keyEnd = pos - 1;
    String name = lastEscaped ? unescape(keyStart, keyEnd) : names.name(buf, keyStart, keyEnd);
    skipSpace();
    expect(':');
    skipSpace();
    byte first = peek();
    if (first == '"') {
      pos++;
      scanStringMember(name);
    } else if (first == '[') {
      pos++;
      add(name, "ARRAY::" + scanArray(name), 0, 0);
    } else if (first == '{') {
      throw new EslProtocolException("event-json header " + name + " has a nested value");
    } else {
      add(name, scanScalar(name), 0, 0);
    }
  }

  /**
   * A string value: {@code _body} is the event's body, Content-Length is dropped (the body's own
   * length is what counts), any other header is kept as a span of buf, unescaped only if read.
   */
  private void scanStringMember(String name) throws EslProtocolException {
    int valueStart = pos;
    scanString();
    int valueEnd = pos - 1;
    if (name.equals(BODY)) {
      body =
          lastEscaped
              ? unescape(valueStart, valueEnd)
              : new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    } else if (!name.equals(HeaderNameCache.CONTENT_LENGTH)) {
      add(name, null, valueStart | (lastEscaped ? EslEvent.JSON_ESCAPED : 0), valueEnd);
    }
  }

  private String scanArray(String name) throws EslProtocolException {
    StringBuilder items = new StringBuilder();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return "";
    }
    while (true) {
      byte first = peek();
      if (items.length() > 0) {
        items.append("|:");
      }
      if (first == '"') {
        pos++;
        int start = pos;
        scanString();
        items.append(
            lastEscaped
                ? unescape(start, pos - 1)
                : new String(buf, start, pos - 1 - start, StandardCharsets.UTF_8));
      } else if (first == '[' || first == '{') {
        throw new EslProtocolException("event-json header " + name + " has a nested value");
      } else {
        items.append(scanScalar(name));
      }
      skipSpace();
      byte next = peek();
      pos++;
      if (next == ']') {
        return items.toString();
      }
      if (next != ',') {
        throw error("expected ',' or ']' in header " + name);
      }
      skipSpace();
    }
  }

  /** A number, true, false or null, taken as its text. */
  private String scanScalar(String name) throws EslProtocolException {
    int start = pos;
    while (pos < end) {
      byte b = buf[pos];
      if ((b >= '0' && b <= '9')
          || (b >= 'a' && b <= 'z')
          || b == '-'
          || b == '+'
          || b == '.'
          || b == 'E') {
        pos++;
      } else {
        break;
      }
    }
    String text = new String(buf, start, pos - start, StandardCharsets.US_ASCII);
    if (!text.equals("true")
        && !text.equals("false")
        && !text.equals("null")
        && !NUMBER.matcher(text).matches()) {
      throw error("header " + name + " has an invalid value");
    }
    return text;
  }

  /** Advances past a string's closing quote; {@code pos} starts just after the opening quote. */
  private void scanString() throws EslProtocolException {
    boolean escaped = false;
    while (pos < end) {
      pos = ByteScan.jsonStringStop(buf, pos, end);
      if (pos >= end) {
        break;
      }
      byte b = buf[pos++];
      if (b == '"') {
        lastEscaped = escaped;
        return;
      }
      if (b != '\\') {
        throw error("control character in a string");
      }
      escaped = true;
      if (pos >= end) {
        break;
      }
      byte e = buf[pos++];
      if (e == 'u') {
        if (pos + 4 > end || JsonUnescaping.hex4(buf, pos) < 0) {
          throw error("invalid \\u escape");
        }
        pos += 4;
      } else if ("\"\\/bfnrt".indexOf(e) < 0) {
        throw error("invalid escape \\" + (char) e);
      }
    }
    throw error("unterminated string");
  }

  private String unescape(int from, int to) {
    byte[] out = new byte[to - from];
    int n = JsonUnescaping.decode(buf, from, to, out);
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private void add(String name, String value, int start, int stop) {
    if (count == outNames.length) {
      outNames = Arrays.copyOf(outNames, count * 2);
      outValues = Arrays.copyOf(outValues, count * 2);
      spans = Arrays.copyOf(spans, count * 4);
    }
    repeats.add(name);
    outNames[count] = name;
    outValues[count] = value;
    spans[2 * count] = start;
    spans[2 * count + 1] = stop;
    count++;
  }

  private void skipSpace() {
    while (pos < end) {
      byte b = buf[pos];
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private byte peek() throws EslProtocolException {
    if (pos >= end) {
      throw error("unexpected end of the event object");
    }
    return buf[pos];
  }

  private void expect(char c) throws EslProtocolException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private EslProtocolException error(String what) {
    return new EslProtocolException("malformed event-json body at byte " + pos + ": " + what);
  }
}
