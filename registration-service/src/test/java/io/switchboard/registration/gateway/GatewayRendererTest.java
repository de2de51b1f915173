package io.switchboard.registration.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayRendererTest {
  private static final String SECRET = "kamailio-secret";

  private final GatewayRenderer renderer =
      new GatewayRenderer(
          GatewayTemplate.shipped(),
          new RoomCredentials(List.of(SECRET, "older"), "sha1", Duration.ofDays(7)),
          new GatewayRenderer.Registrar("127.0.0.1:5070", "127.0.0.1", "udp", 300, 30),
          "conf_");

  @Test
  void theShippedTemplateKeepsTheIncludeWrapperOnLinesOfTheirOwn() {
    GatewayRenderer.RoomGateway gw = renderer.render("71234", "external", 1_700_000_000_000L);
    assertEquals("conf_71234", gw.name());
    assertEquals("sip_profiles/external/conf_71234.xml", gw.path());
    List<String> lines = gw.content().lines().toList();
    assertEquals("<include>", lines.get(0));
    assertEquals("</include>", lines.get(lines.size() - 1));
    assertTrue(gw.content().contains("<gateway name=\"conf_71234\">"), gw.content());
    assertTrue(
        gw.content().contains("<param name=\"username\" value=\"1700604800:71234\"/>"),
        gw.content());
    assertTrue(gw.content().contains("<param name=\"from-user\" value=\"71234\"/>"));
    assertFalse(gw.toString().contains("password"), "toString must not show the file");
  }

  /** The password is what Kamailio's auth_ephemeral computes: base64(HMAC-SHA1(secret, user)). */
  @Test
  void thePasswordIsWhatOpenSslComputesForTheAuthEphemeralUsername() throws Exception {
    RoomCredentials.Credentials c =
        new RoomCredentials(List.of(SECRET), "sha256", Duration.ofHours(1))
            .issue("71234", 1_700_000_000_000L);
    assertEquals("1700003600:71234", c.username());
    Process openssl =
        new ProcessBuilder(
                "sh",
                "-c",
                "printf %s \"$0\" | openssl dgst -sha256 -hmac \"$1\" -binary | base64",
                c.username(),
                SECRET)
            .start();
    String expected = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(openssl.waitFor(10, TimeUnit.SECONDS));
    assertEquals(expected.strip(), c.password());
    assertFalse(c.toString().contains(c.password()));
  }

  @Test
  void aTemplateWithTheWrapperOnTheGatewaysLineIsRefusedNamingTheLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                GatewayTemplate.of(
                    "<include><gateway name=\"{{gateway}}\">\n"
                        + "<param name=\"username\" value=\"{{username}}\"/>\n"
                        + "<param name=\"password\" value=\"{{password}}\"/>\n"
                        + "</gateway></include>\n",
                    "t.xml"));
    assertTrue(e.getMessage().contains("line 1 holds <include>"), e.getMessage());
    assertTrue(e.getMessage().contains("line 4 holds"), e.getMessage());
  }

  @Test
  void aTemplateWithoutPasswordOrWithAnUnknownPlaceholderIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                GatewayTemplate.of(
                    "<include>\n<gateway name=\"{{gateway}}\">\n"
                        + "<param name=\"username\" value=\"{{user}}\"/>\n</gateway>\n</include>\n",
                    "t.xml"));
    assertTrue(e.getMessage().contains("unknown placeholder {{user}}"), e.getMessage());
    assertTrue(e.getMessage().contains("{{password}} is missing"), e.getMessage());
  }

  @Test
  void valuesAreXmlEscaped() {
    GatewayTemplate t =
        GatewayTemplate.of(
            "<include>\n<gateway name=\"{{gateway}}\" u=\"{{username}}\" p=\"{{password}}\"/>\n</include>",
            "t");
    assertEquals(
        "<include>\n<gateway name=\"a&amp;b\" u=\"&lt;x&gt;\" p=\"&quot;\"/>\n</include>",
        t.render(java.util.Map.of("gateway", "a&b", "username", "<x>", "password", "\"")));
  }

  @Test
  void theRealmIsTheProxysHostWithAnIpv6AddressInBrackets() {
    assertEquals("[::1]", GatewayRenderer.Registrar.hostOf("[::1]:5060"));
    assertEquals("[2001:db8::5]", GatewayRenderer.Registrar.hostOf("sip:[2001:db8::5]"));
    assertEquals("registrar.example", GatewayRenderer.Registrar.hostOf("registrar.example:5080"));
    assertEquals("10.0.0.5", GatewayRenderer.Registrar.hostOf("10.0.0.5;transport=tcp"));
  }
}
