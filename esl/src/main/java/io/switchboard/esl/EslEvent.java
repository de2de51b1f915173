package io.switchboard.esl;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A FreeSWITCH event, whatever format it was received in: headers in FreeSWITCH's order with values
 * decoded, and the body.
 *
 * <p>Two things of the wire are not headers of the event: the {@code Content-Length} that frames
 * the body (switch_event_serialize and switch_event_serialize_json add it only to frame the body),
 * and the {@code _undef_} that switch_event_serialize writes in place of an empty value, which is
 * decoded back to the empty string. Array headers keep FreeSWITCH's plain form {@code ARRAY::a|:b}
 * in every format, so one event reads the same from plain, json and xml.
 *
 * <p>An event received in the plain or json format keeps the received bytes and decodes a value the
 * first time it is asked for: a gateway that only forwards events never builds a String per header
 * ({@link #forEachHeaderUtf8}). Reading values from several threads is safe (a value may then be
 * decoded twice, to equal Strings).
 */
public final class EslEvent {
  /**
   * Receives one header's name and its decoded value as UTF-8 bytes, valid only during the call.
   */
  @FunctionalInterface
  public interface Utf8HeaderSink {
    void header(String name, byte[] value, int offset, int length);
  }

  /**
   * Span flags: the value is URL-encoded (plain), stands for the empty value, or has JSON escapes.
   */
  static final int PERCENT = 1 << 31;

  static final int UNDEF = 1 << 30;
  static final int JSON_ESCAPED = 1 << 29;
  private static final int OFFSET_MASK = ~(PERCENT | UNDEF | JSON_ESCAPED);
  private static final byte[] EMPTY = new byte[0];

  private final String[] names;
  private final String[] values;
  private final int count;
  private final String body;

  /** Plain-format bytes the values are read from, or null when {@link #values} is complete. */
  private final byte[] raw;

  /** Per header: start offset in {@link #raw} with flags, then end offset. */
  private final int[] spans;

  /** Whether a header name occurs more than once; then only its first occurrence is visited. */
  private final boolean repeats;

  private Map<String, String> map;

  private EslEvent(
      String[] names,
      String[] values,
      int count,
      String body,
      byte[] raw,
      int[] spans,
      boolean repeats) {
    this.names = names;
    this.values = values;
    this.count = count;
    this.body = body;
    this.raw = raw;
    this.spans = spans;
    this.repeats = repeats;
  }

  static EslEvent ofStrings(
      String[] names, String[] values, int count, String body, boolean repeats) {
    return new EslEvent(names, values, count, body, null, null, repeats);
  }

  /**
   * Values still encoded in {@code raw} where {@code values[i]} is null: spans[2i] = start | flags,
   * spans[2i+1] = end.
   */
  static EslEvent ofSpans(
      String[] names,
      String[] values,
      int[] spans,
      int count,
      String body,
      byte[] raw,
      boolean repeats) {
    return new EslEvent(names, values, count, body, raw, spans, repeats);
  }

  /**
   * An event from headers in order (tests, simulators); {@code Event-Name} should be among them.
   */
  public static EslEvent of(Map<String, String> headers, String body) {
    String[] n = new String[headers.size()];
    String[] v = new String[headers.size()];
    int i = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      n[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return ofStrings(n, v, i, body, false);
  }

  public String name() {
    return header("Event-Name");
  }

  /** {@code Event-Subclass} of a CUSTOM event, e.g. {@code conference::maintenance}; else null. */
  public String subclass() {
    return header("Event-Subclass");
  }

  /** The value of the first header of that exact name, or null. */
  public String header(String name) {
    for (int i = 0; i < count; i++) {
      if (names[i].equals(name)) {
        return headerValue(i);
      }
    }
    return null;
  }

  public int headerCount() {
    return count;
  }

  public String headerName(int index) {
    return names[index];
  }

  public String headerValue(int index) {
    String value = values[index];
    if (value == null) {
      value = decode(index);
      values[index] = value;
    }
    return value;
  }

  private String decode(int index) {
    int start = spans[2 * index];
    int end = spans[2 * index + 1];
    if ((start & UNDEF) != 0) {
      return "";
    }
    int from = start & OFFSET_MASK;
    if ((start & (PERCENT | JSON_ESCAPED)) == 0) {
      return new String(raw, from, end - from, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[end - from];
    int n = unescape(start, from, end, out);
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private int unescape(int start, int from, int end, byte[] out) {
    return (start & PERCENT) != 0
        ? PercentDecoding.decode(raw, from, end, out)
        : JsonUnescaping.decode(raw, from, end, out);
  }

  /**
   * Every header with its decoded value as UTF-8 bytes, without building Strings for values that
   * were never read. A repeated name is visited once, with its first value.
   */
  public void forEachHeaderUtf8(Utf8HeaderSink sink) {
    byte[] scratch = null;
    java.util.Set<String> seen = repeats ? new java.util.HashSet<>() : null;
    for (int i = 0; i < count; i++) {
      if (seen != null && !seen.add(names[i])) {
        continue;
      }
      String value = values[i];
      if (value != null || raw == null) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sink.header(names[i], bytes, 0, bytes.length);
        continue;
      }
      int start = spans[2 * i];
      int end = spans[2 * i + 1];
      int from = start & OFFSET_MASK;
      if ((start & UNDEF) != 0) {
        sink.header(names[i], EMPTY, 0, 0);
      } else if ((start & (PERCENT | JSON_ESCAPED)) == 0) {
        sink.header(names[i], raw, from, end - from);
      } else {
        if (scratch == null || scratch.length < end - from) {
          scratch = new byte[Math.max(end - from, 256)];
        }
        int n = unescape(start, from, end, scratch);
        sink.header(names[i], scratch, 0, n);
      }
    }
  }

  /** Every header with its value; a repeated name is visited once, with its first value. */
  public void forEachHeader(BiConsumer<String, String> action) {
    java.util.Set<String> seen = repeats ? new java.util.HashSet<>() : null;
    for (int i = 0; i < count; i++) {
      if (seen == null || seen.add(names[i])) {
        action.accept(names[i], headerValue(i));
      }
    }
  }

  /**
   * Headers as an ordered map. FreeSWITCH does not repeat a header name within an event (array
   * headers are one header); should a peer do so, the first value is kept, as {@link #header} reads
   * it.
   */
  public Map<String, String> headers() {
    Map<String, String> m = map;
    if (m == null) {
      LinkedHashMap<String, String> built = new LinkedHashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        built.putIfAbsent(names[i], headerValue(i));
      }
      m = Collections.unmodifiableMap(built);
      map = m;
    }
    return m;
  }

  /** The body, or null when the event has none. */
  public String body() {
    return body;
  }

  @Override
  public String toString() {
    String subclass = subclass();
    return "EslEvent["
        + name()
        + (subclass == null ? "" : " " + subclass)
        + ", "
        + count
        + " headers]";
  }
}
