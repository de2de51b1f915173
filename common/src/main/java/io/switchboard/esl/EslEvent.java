package io.switchboard.esl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A FreeSWITCH event, whatever format it was received in: headers in FreeSWITCH's order with
 * values decoded, and the body.
 *
 * <p>Two things of the wire are not headers of the event: the {@code Content-Length} that frames
 * the body (switch_event_serialize and switch_event_serialize_json add it only to frame the body),
 * and the {@code _undef_} that switch_event_serialize writes in place of an empty value, which is
 * decoded back to the empty string. Array headers keep FreeSWITCH's plain form
 * {@code ARRAY::a|:b} in every format, so one event reads the same from plain, json and xml.
 */
public final class EslEvent {
  private final String[] names;
  private final String[] values;
  private final int count;
  private final String body;
  private Map<String, String> map;

  EslEvent(String[] names, String[] values, int count, String body) {
    this.names = names;
    this.values = values;
    this.count = count;
    this.body = body;
  }

  /** An event from headers in order (tests, simulators); {@code Event-Name} should be among them. */
  public static EslEvent of(Map<String, String> headers, String body) {
    String[] n = new String[headers.size()];
    String[] v = new String[headers.size()];
    int i = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      n[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return new EslEvent(n, v, i, body);
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
        return values[i];
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
    return values[index];
  }

  public void forEachHeader(BiConsumer<String, String> action) {
    for (int i = 0; i < count; i++) {
      action.accept(names[i], values[i]);
    }
  }

  /**
   * Headers as an ordered map. FreeSWITCH does not repeat a header name within an event (array
   * headers are one header); should a peer do so, the first value is kept, as {@link #header} reads it.
   */
  public Map<String, String> headers() {
    if (map == null) {
      Map<String, String> m = new LinkedHashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        m.putIfAbsent(names[i], values[i]);
      }
      map = Collections.unmodifiableMap(m);
    }
    return map;
  }

  /** The body, or null when the event has none. */
  public String body() {
    return body;
  }

  @Override
  public String toString() {
    String subclass = subclass();
    return "EslEvent[" + name() + (subclass == null ? "" : " " + subclass) + ", " + count + " headers]";
  }
}
