package io.switchboard.gateway.command;

/**
 * Text from a command (its id, issuer, command line) as it may appear in a log line: control
 * characters, including line breaks and Unicode's line separators, are escaped so that a sender
 * cannot start a forged log line, and the text is cut short so that one command cannot flood the
 * log.
 */
public final class LogSafe {
  static final int MAX_CHARS = 200;

  private LogSafe() {}

  public static String text(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8);
    int i = 0;
    for (; i < value.length() && out.length() < MAX_CHARS; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < value.length() ? out + "..." : out.toString();
  }
}
