package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.List;

/**
 * An event as FreeSWITCH holds it (switch_event_t): headers in the order they were added, each a
 * value or an array of values, and an optional body. Built by {@link EventFactory}, which adds the
 * headers every event gets, then by the module that fires it.
 */
public final class SimEvent {
  /** One header; {@code values} has one entry unless it is an array header. */
  public record Header(String name, List<String> values) {
    public boolean isArray() {
      return values.size() != 1;
    }

    /** The value as FreeSWITCH's plain serialization sees it: arrays as {@code ARRAY::a|:b}. */
    public String value() {
      return isArray() ? "ARRAY::" + String.join("|:", values) : values.get(0);
    }
  }

  private final String name;
  private final String subclass;
  private final List<Header> headers = new ArrayList<>();
  private String body;

  SimEvent(String name, String subclass) {
    this.name = name;
    this.subclass = subclass;
  }

  public String name() {
    return name;
  }

  /** The CUSTOM subclass, or null. */
  public String subclass() {
    return subclass;
  }

  public SimEvent add(String header, String value) {
    headers.add(new Header(header, List.of(value == null ? "" : value)));
    return this;
  }

  public SimEvent addArray(String header, List<String> values) {
    headers.add(new Header(header, List.copyOf(values)));
    return this;
  }

  public SimEvent body(String text) {
    this.body = text;
    return this;
  }

  public List<Header> headers() {
    return headers;
  }

  public String body() {
    return body;
  }

  /** The first header of that name, compared without case as switch_event_get_header does. */
  public String header(String headerName) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(headerName)) {
        return h.value();
      }
    }
    return null;
  }
}
