package io.switchboard.testkit.freeswitch;

import java.util.Locale;

/** The formats a listener can ask for with {@code event plain|json|xml ...}. */
enum EventFormat {
  PLAIN,
  JSON,
  XML;

  String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
