package io.switchboard.esl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event-socket frame: a block of {@code Name: value} header lines and, when the headers carry
 * {@code Content-Length}, that many body bytes. Header values are as sent (the outer frame is not
 * URL-encoded; only an event-plain body is).
 */
public final class EslFrame {
  private final String[] names;
  private final String[] values;
  private final int count;
  private final byte[] body;

  EslFrame(String[] names, String[] values, int count, byte[] body) {
    this.names = names;
    this.values = values;
    this.count = count;
    this.body = body;
  }

  /** A frame built from headers in order, e.g. for tests. */
  public static EslFrame of(Map<String, String> headers, byte[] body) {
    String[] n = new String[headers.size()];
    String[] v = new String[headers.size()];
    int i = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      n[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return new EslFrame(n, v, i, body);
  }

  /** The first header of that name, compared without regard to case as FreeSWITCH does; or null. */
  public String header(String name) {
    for (int i = 0; i < count; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  public String contentType() {
    return header("Content-Type");
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

  public List<Map.Entry<String, String>> headers() {
    List<Map.Entry<String, String>> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(Map.entry(names[i], values[i]));
    }
    return list;
  }

  /** The body bytes, or null when the frame has none. */
  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EslFrame["
        + contentType()
        + ", "
        + count
        + " headers, body "
        + (body == null ? 0 : body.length)
        + " bytes]";
  }
}
