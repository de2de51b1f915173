package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandAllowlistTest {
  private final CommandAllowlist defaults =
      CommandAllowlist.of(
          CommandDefaults.ALLOWLIST, Optional.of(Path.of(CommandDefaults.RECORDINGS_DIR)));

  private void allowed(CommandAllowlist list, String command) {
    CommandAllowlist.Check check = list.check(command);
    assertTrue(check.allowed(), command + ": " + check.refusal());
  }

  private String refusal(CommandAllowlist list, String command) {
    CommandAllowlist.Check check = list.check(command);
    assertFalse(check.allowed(), command + " must be refused");
    return check.refusal();
  }

  @Test
  void theDefaultsLetWhatSwitchboardsServicesSendThrough() {
    for (String ok :
        List.of(
            // registration-service
            "sofia profile external rescan",
            "sofia profile external killgw room-72013",
            "sofia profile external startgw room-72013",
            "sofia status gateway",
            "sofia status gateway room-72013",
            "conference list",
            "conference xml_list",
            // provisioning-service
            "reloadxml",
            "RELOADXML",
            "xml_locate directory",
            "xml_locate directory domain name bbb.example.org",
            "xml_locate configuration configuration name sofia.conf",
            "global_getvar hostname",
            "conference 72013 recording start /var/freeswitch/meetings/m-1/72013-1700000000.wav",
            "conference 72013 recording stop /var/freeswitch/meetings/72013.wav",
            "conference 72013 recording pause /var/freeswitch/meetings/72013.wav",
            "conference 72013 recording resume /var/freeswitch/meetings/72013.wav",
            "conference 72013 recording check /var/freeswitch/meetings/72013.wav",
            "conference 72013 list",
            "conference 72013 count",
            "conference 72013 xml_list",
            "conference 72013 kick 14",
            "conference 72013 mute 14",
            "conference 72013 unmute 14",
            // operators, through the admin API
            "status",
            "version",
            "version short")) {
      allowed(defaults, ok);
    }
  }

  @Test
  void aConferenceDialWithChannelVariablesIsRejected() {
    // conference_api.c:3627 hands dial's argument to switch_ivr_originate; {api_on_originate=...}
    // would run the named API with no check (switch_ivr_originate.c:3230).
    String reason =
        refusal(defaults, "conference pwn dial '{api_on_originate=system id}loopback/9999' 1000 x");
    assertTrue(reason.contains("is not on the command allowlist"), reason);
    for (String bad :
        List.of(
            "conference 72013 dial sofia/gateway/gw/0049301234 1000 x",
            "conference 72013 bgdial sofia/gateway/gw/0049301234 1000 x",
            "conference 72013 record /etc/cron.d/x",
            "conference 72013 recording /etc/cron.d/x",
            "conference 72013 play /etc/shadow",
            "conference 72013 kick all",
            "conference 72013 kick 14 /tmp/sound.wav",
            "conference 72013 mute last",
            "conference {x=y} list",
            "conference 'a b' list",
            "conference \"72013\" list",
            "conference <x> list",
            "conference [x] list",
            "conference $${x} list",
            "conference 72013 setvar api_on_answer system")) {
      refusal(defaults, bad);
    }
  }

  @Test
  void recordingPathsMustLieInTheRecordingsFolder() {
    String outside = refusal(defaults, "conference 72013 recording start /etc/cron.d/evil.wav");
    assertEquals(
        "'conference 72013 recording start /etc/cron.d/evil.wav' is not on the command allowlist: "
            + "'/etc/cron.d/evil.wav' is not a recording path under /var/freeswitch/meetings",
        outside);
    for (String bad :
        List.of(
            "/var/freeswitch/meetings/../../../etc/x.wav",
            "/var/freeswitch/meetings/./x.wav",
            "/var/freeswitch/meetings/.hidden.wav",
            "/var/freeswitch/meetingsX/x.wav",
            "/var/freeswitch/meetings/",
            "/var/freeswitch/meetings",
            "var/freeswitch/meetings/x.wav",
            "/var/freeswitch/meetings//x.wav",
            "{channels=2}/var/freeswitch/meetings/x.wav",
            "/var/freeswitch/meetings/x.wav}",
            "http://evil.example/x.wav")) {
      refusal(defaults, "conference 72013 recording start " + bad);
    }
    CommandAllowlist noFolder = CommandAllowlist.of(CommandDefaults.ALLOWLIST, Optional.empty());
    assertTrue(
        refusal(noFolder, "conference 72013 recording start /var/freeswitch/meetings/x.wav")
            .contains("FS_RECORDINGS_DIR is not set"));
  }

  @Test
  void everyDefaultArgumentIsOneWordOfSafeCharacters() {
    for (String bad :
        List.of(
            "sofia profile external killgw gw;id",
            "sofia profile ../x rescan",
            "sofia profile -x rescan",
            "sofia profile external restart",
            "sofia profile external register room-1",
            "sofia status profile external",
            "sofia profile external rescan reloadxml",
            "xml_locate root",
            "xml_locate",
            "xml_locate directory domain name",
            "xml_locate directory domain name a b",
            "global_getvar",
            "global_getvar a b",
            "show channels",
            "show calls",
            "reloadxml now",
            "version x y",
            "originate user/1000 &park",
            "uuid_kill x",
            "fsctl shutdown",
            "",
            "status\u0000",
            "status\tx")) {
      refusal(defaults, bad);
    }
  }

  @Test
  void shellAndNestingCommandsAreNeverAllowed() {
    assertTrue(refusal(defaults, "system rm -rf /").contains("never allowed"));
    assertTrue(
        refusal(defaults, "System rm -rf /").contains("never allowed"),
        "names compare without case");
    for (String bad :
        List.of(
            "bg_system x",
            "bgapi status",
            "sched_api +1 none system x",
            "expand system x",
            "eval x",
            "xml_wrap system x",
            "lua x.lua",
            "luarun x",
            "jsrun x")) {
      refusal(defaults, bad);
    }
  }

  @Test
  void extraSpacesAreDroppedFromTheLineThatIsSent() {
    assertEquals(
        "sofia profile external rescan",
        defaults.check("  sofia  profile external   rescan ").line());
    assertNull(defaults.check("system x").line());
  }

  @Test
  void operatorsConfigureListsInTheSameGrammar() {
    CommandAllowlist custom =
        CommandAllowlist.of(
            List.of("show calls|channels", "uuid_kill <name>", "conference <name> hup <number>"),
            Optional.empty());
    allowed(custom, "show channels");
    allowed(custom, "uuid_kill 6f1e2d3c-aaaa-bbbb-cccc-0123456789ab");
    allowed(custom, "conference 72013 hup 3");
    refusal(custom, "show api");
    refusal(custom, "uuid_kill {x}");
    refusal(custom, "reloadxml");
  }

  @Test
  void aConfigurationThatIsNotPreciseDoesNotStart() {
    ConfigException forbidden =
        assertThrows(
            ConfigException.class,
            () -> CommandAllowlist.of(List.of("system <name>"), Optional.empty()));
    assertTrue(forbidden.getMessage().contains("system"));
    for (String imprecise :
        List.of(
            "conference **",
            "sofia profile * rescan",
            "** x",
            "<name> list",
            "show <anything>",
            "conference {x} list",
            "global_getvar a|")) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> CommandAllowlist.of(List.of(imprecise), Optional.empty()),
              imprecise);
      assertTrue(e.getMessage().startsWith("COMMAND_ALLOWLIST"), e.getMessage());
    }
    assertThrows(
        ConfigException.class,
        () -> CommandAllowlist.of(List.of("reloadxml"), Optional.of(Path.of("/"))));
    assertThrows(
        ConfigException.class,
        () -> CommandAllowlist.of(List.of("reloadxml"), Optional.of(Path.of("/var/free switch"))));
  }
}
