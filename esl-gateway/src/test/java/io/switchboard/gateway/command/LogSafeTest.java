package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void lineBreaksCannotStartAForgedLogLine() {
    assertEquals("a\\u000a2026-01-01 ERROR forged", LogSafe.text("a\n2026-01-01 ERROR forged"));
    assertEquals("a\\u000db\\u2028c\\u0085d", LogSafe.text("a\rb\u2028c\u0085d"));
  }

  @Test
  void longTextIsCut() {
    assertEquals("x".repeat(LogSafe.MAX_CHARS) + "...", LogSafe.text("x".repeat(5000)));
    assertEquals("(none)", LogSafe.text(null));
  }
}
