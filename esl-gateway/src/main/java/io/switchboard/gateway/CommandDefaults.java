package io.switchboard.gateway;

import java.util.List;

/**
 * What the gateway lets through by default: what Switchboard's services send, nothing more.
 * Patterns are words; {@code *} is one word, a final {@code **} any number of words.
 */
public final class CommandDefaults {
  public static final List<String> ALLOWLIST = List.of(
      "reloadxml",
      "status",
      "version **",
      "sofia profile * rescan",
      "sofia profile * killgw *",
      "sofia profile * register *",
      "sofia profile * unregister *",
      "conference **",
      "show **",
      "xml_locate **",
      "global_getvar **");

  private CommandDefaults() { }
}
