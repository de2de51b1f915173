package io.switchboard.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.security.SecretSealer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seal key is what keeps the rooms' passwords off fs.commands: no start without it. */
class RegistrationConfigTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    settings.put("REGISTRAR_PROXY", "sip.example.org");
    settings.put("REGISTRAR_SECRET", "s");
    return settings;
  }

  @Test
  void withoutACommandSealKeyTheServiceDoesNotStart() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> RegistrationConfig.from(Config.of(settings())));
    assertTrue(e.getMessage().contains("COMMAND_SEAL_KEY"), e.getMessage());
  }

  @Test
  void theFirstKeySealsWhatTheGatewaysOpenWithIt() {
    Map<String, String> settings = settings();
    settings.put("COMMAND_SEAL_KEY", KEY);
    settings.put("COMMAND_SEAL_KEY_1", Base64.getEncoder().encodeToString(new byte[32]));
    String sealed = RegistrationConfig.from(Config.of(settings)).fileSealer().seal("<include/>");
    assertFalse(sealed.contains("include"), sealed);
    assertEquals(
        "<include/>", SecretSealer.fromKeys("COMMAND_SEAL_KEY", List.of(KEY)).open(sealed));
  }

  /** FreeSWITCH reads a bracketed IPv6 registrar; the realm defaults to its host, brackets kept. */
  @Test
  void anIpv6RegistrarRendersInBracketsAndABareOneIsRefused() {
    Map<String, String> settings = settings();
    settings.put("COMMAND_SEAL_KEY", KEY);
    settings.put("REGISTRAR_PROXY", "[2001:db8::5]:5070");
    String file =
        RegistrationConfig.from(Config.of(settings))
            .renderer()
            .render("71234", "external-ipv6", 1_700_000_000_000L)
            .content();
    assertTrue(file.contains("<param name=\"proxy\" value=\"[2001:db8::5]:5070\"/>"), file);
    assertTrue(file.contains("<param name=\"realm\" value=\"[2001:db8::5]\"/>"), file);

    settings.put("REGISTRAR_PROXY", "2001:db8::5");
    ConfigException e =
        assertThrows(ConfigException.class, () -> RegistrationConfig.from(Config.of(settings)));
    assertTrue(
        e.getMessage().contains("REGISTRAR_PROXY") && e.getMessage().contains("in brackets"),
        e.getMessage());
  }
}
