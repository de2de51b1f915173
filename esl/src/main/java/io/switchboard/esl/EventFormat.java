package io.switchboard.esl;

import java.util.Locale;

/** The serialisations mod_event_socket can send events in ({@code event plain|json|xml ...}). */
public enum EventFormat {
  PLAIN,
  JSON,
  XML;

  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventFormat parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "event format must be plain, json or xml, got '" + text + "'");
    }
  }
}
