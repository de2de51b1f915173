package io.switchboard.testkit.freeswitch;

import java.util.List;
import java.util.Locale;

/** switch_log_str2level: names or numbers 0-7. */
final class LogLevels {
  private static final List<String> NAMES =
      List.of("console", "alert", "crit", "err", "warning", "notice", "info", "debug");

  private LogLevels() {}

  static int parse(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    int index = NAMES.indexOf(t);
    if (index >= 0) {
      return index;
    }
    if (t.matches("[0-7]")) {
      return Integer.parseInt(t);
    }
    return -1;
  }
}
