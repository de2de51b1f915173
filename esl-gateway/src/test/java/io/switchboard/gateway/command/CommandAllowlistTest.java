package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import io.switchboard.gateway.CommandDefaults;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandAllowlistTest {
  private final CommandAllowlist defaults = CommandAllowlist.of(CommandDefaults.ALLOWLIST);

  @Test
  void theDefaultsLetTheServicesCommandsThrough() {
    for (String ok : List.of("reloadxml", "status", "version", "version short", "sofia profile external rescan",
        "sofia profile external killgw room-72013", "sofia profile external register room-72013",
        "sofia profile external unregister room-72013", "conference 72013 list", "conference list",
        "show calls", "xml_locate directory domain name bbb", "global_getvar hostname", "RELOADXML")) {
      assertEquals(Optional.empty(), defaults.refusal(ok), ok);
    }
  }

  @Test
  void everythingElseIsRefusedWithTheReason() {
    assertEquals(Optional.of("'sofia profile external restart' is not on the command allowlist"),
        defaults.refusal("sofia profile external restart"));
    assertTrue(defaults.refusal("system rm -rf /").get().contains("never allowed"));
    assertTrue(defaults.refusal("System rm -rf /").get().contains("never allowed"), "names compare without case");
    for (String bad : List.of("bg_system x", "bgapi status", "sched_api +1 none system x", "expand system x", "eval x",
        "xml_wrap system x", "lua x.lua", "luarun x", "jsrun x", "reloadxml now", "originate user/1000 &park",
        "uuid_kill x", "fsctl shutdown", "", "status\u0000")) {
      assertTrue(defaults.refusal(bad).isPresent(), bad);
    }
  }

  @Test
  void forbiddenCommandsCannotBeConfigured() {
    ConfigException e = assertThrows(ConfigException.class, () -> CommandAllowlist.of(List.of("system **")));
    assertTrue(e.getMessage().contains("system"));
    assertThrows(ConfigException.class, () -> CommandAllowlist.of(List.of("** x")));
    assertThrows(ConfigException.class, () -> CommandAllowlist.of(List.of("conference ** list")));
  }
}
