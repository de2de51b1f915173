package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplyRedactorTest {
  /** As switch_xml_toxml prints a directory user, a gateway and event_socket.conf. */
  private static final String XML_LOCATE =
      """
      <section name="directory" description="Dir">
        <domain name="bbb">
          <params>
            <param name="dial-string" value="{presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(${dialed_user}@${dialed_domain})}"/>
          </params>
          <user id="1000">
            <params>
              <param name="password" value="s3cret-1000"/>
              <param name="vm-password" value="4321"/>
              <param name="a1-hash" value="c7a9b3f0e1d2"/>
              <param name="reverse-auth-pass" value="rev-pass"/>
              <param value="value-first" name="PASSWORD"/>
            </params>
            <variables>
              <variable name="user_context" value="default"/>
              <variable name="sip-secret" value="var-secret"/>
            </variables>
            <gateways>
              <gateway name="upstream">
                <param name="username" value="bbb"/>
                <param name="password" value="gw-pass"/>
                <param name="proxy" value="sip.example.org"/>
                <param name="inbound-bypass-media" value="true"/>
              </gateway>
            </gateways>
          </user>
        </domain>
        <configuration name="event_socket.conf"><settings><param name="password" value="ClueCon"/></settings></configuration>
        <configuration name="xml_curl.conf"><bindings><binding name="x">
          <param name="gateway-url" value="https://fs:curl-pass@config.example.org/xml"/>
          <param name="gateway-credentials" value="fs:cred-pass"/>
          <param name="odbc-dsn" value="pgsql://hostaddr=10.0.0.1 dbname=fs user=fs password=dsn-pass"/>
        </binding></bindings></configuration>
        <X-PRE-PROCESS cmd="set" data="default_password=1234"/>
        <password>element-pass</password>
      </section>""";

  @Test
  void noPasswordOfTheDirectoryGatewaysOrEventSocketSurvives() {
    String masked = ReplyRedactor.redact("xml_locate directory", XML_LOCATE);
    for (String secret :
        new String[] {
          "s3cret-1000",
          "4321",
          "c7a9b3f0e1d2",
          "rev-pass",
          "value-first",
          "var-secret",
          "gw-pass",
          "ClueCon",
          "curl-pass",
          "cred-pass",
          "dsn-pass",
          "1234",
          "element-pass"
        }) {
      assertFalse(masked.contains(secret), secret + " survived in " + masked);
    }
    assertTrue(masked.contains("<param name=\"password\" value=\"[redacted]\"/>"), masked);
    assertTrue(masked.contains("data=\"default_password=[redacted]\""), masked);
    assertTrue(masked.contains("https://fs:[redacted]@config.example.org/xml"), masked);
    for (String kept :
        new String[] {
          "value=\"bbb\"",
          "value=\"sip.example.org\"",
          "value=\"default\"",
          "name=\"inbound-bypass-media\" value=\"true\"",
          "${sofia_contact(${dialed_user}@${dialed_domain})}"
        }) {
      assertTrue(masked.contains(kept), kept + " lost in " + masked);
    }
  }

  @Test
  void globalVariablesWithSecretNamesAreMasked() {
    String dump =
        "hostname=fs1\ndefault_password=1234\nesl_password=ClueCon\nlocal_ip_v4=10.0.0.5\n";
    assertEquals(
        "hostname=fs1\ndefault_password=[redacted]\nesl_password=[redacted]\nlocal_ip_v4=10.0.0.5\n",
        ReplyRedactor.redact("global_getvar", dump));
    assertEquals("[redacted]", ReplyRedactor.redact("global_getvar default_password", "1234"));
    assertEquals("fs1", ReplyRedactor.redact("global_getvar hostname", "fs1"));
  }

  @Test
  void repliesWithoutSecretsAreUnchanged() {
    String list =
        "+OK Conference 72013 (1 member rate: 16000 flags: running|answered|dynamic)\n"
            + "14;sofia/external/1000@10.0.0.1;6f1e;Alice;1000;hear|speak;0;0;300\n";
    assertEquals(list, ReplyRedactor.redact("conference 72013 list", list));
  }
}
