package io.switchboard.gateway.command;

import java.util.List;

/**
 * What the gateway lets through by default: what Switchboard's services send, nothing more
 * (docs/operations.md, "Command allowlist", says what each entry lets FreeSWITCH do). The grammar
 * is {@link io.switchboard.gateway.command.CommandAllowlist}'s.
 */
public final class CommandDefaults {
  private static final String SECTIONS =
      "configuration|directory|dialplan|languages|chatplan|phrases";

  public static final List<String> ALLOWLIST =
      List.of(
          "status",
          "version",
          "version short",
          "reloadxml",
          "sofia profile <name> rescan",
          "sofia profile <name> killgw <name>",
          "sofia profile <name> startgw <name>",
          "sofia status gateway",
          "sofia status gateway <name>",
          "conference list",
          "conference xml_list",
          "conference <name> list|count|xml_list",
          "conference <name> kick|mute|unmute <number>",
          "conference <name> recording start|stop|pause|resume|check <recording>",
          "xml_locate " + SECTIONS,
          "xml_locate " + SECTIONS + " <name> <name> <name>",
          "global_getvar <name>");

  /** BigBlueButton's FreeSWITCH records conferences here. */
  public static final String RECORDINGS_DIR = "/var/freeswitch/meetings";

  private CommandDefaults() {}
}
