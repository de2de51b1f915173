package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** parse_gateways (sofia.c:3762-4215) and switch_true (switch_utils.h:518) on raw params. */
class GatewayDefinitionTest {
  private static final Map<String, String> CREDENTIALS =
      Map.of("username", "72013", "password", "pw");

  @Test
  void aRegisteringGatewayNeedsUsernameAndPasswordAndAValidName() {
    assertEquals(
        "ERROR: username param is REQUIRED!",
        GatewayDefinition.rejection("room", Map.of("password", "pw")));
    assertEquals(
        "ERROR: password param is REQUIRED!",
        GatewayDefinition.rejection("room", Map.of("username", "u")));
    assertNull(
        GatewayDefinition.rejection("room", Map.of("register", "no")),
        "NOREG needs no credentials");
    assertNull(GatewayDefinition.rejection("room-72013.a_b", CREDENTIALS));
    for (String bad : new String[] {"", "room 1", "room/1", "räum", "a:b"}) {
      assertEquals(
          "Ignoring invalid name '" + bad + "'", GatewayDefinition.rejection(bad, CREDENTIALS));
    }
  }

  @Test
  void registerIsReadAsSwitchTrue() {
    for (String yes :
        new String[] {"true", "YES", "on", "t", "enabled", "active", "allow", "1", "2"}) {
      assertTrue(GatewayDefinition.switchTrue(yes), yes);
    }
    for (String no : new String[] {"false", "no", "0", "off", "", "nope"}) {
      assertFalse(GatewayDefinition.switchTrue(no), no);
    }
  }

  @Test
  void periodsDefaultAndFallBackAsFreeSwitchs() {
    GatewayDefinition plain = GatewayDefinition.parse("room", "external", CREDENTIALS);
    assertEquals(3600, plain.freq());
    assertEquals("3600", plain.expiresHeader());
    assertEquals(30, plain.retrySeconds());
    assertEquals(60, plain.timeoutSeconds());
    assertEquals("room", plain.realm(), "realm falls back to the name without a proxy");
    assertEquals("sip:72013@room", plain.to());
    assertEquals("<sip:72013@room>", plain.from());

    GatewayDefinition low =
        GatewayDefinition.parse(
            "room",
            "external",
            Map.of(
                "username",
                "u",
                "password",
                "p",
                "retry-seconds",
                "4",
                "timeout-seconds",
                "2",
                "expire-seconds",
                "3",
                "proxy",
                "10.0.0.1:5070"));
    assertEquals(30, low.retrySeconds());
    assertEquals(60, low.timeoutSeconds());
    assertEquals(3600, low.freq());
    assertEquals("3", low.expiresHeader(), "the Expires sent stays as written");
    assertEquals("10.0.0.1:5070", low.realm());
    assertEquals("sip:10.0.0.1:5070", low.registerUri());
  }
}
