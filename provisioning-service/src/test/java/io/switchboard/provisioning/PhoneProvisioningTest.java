package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.provisioning.auth.DigestAlgorithm;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.Json;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Polycom and Linphone provisioning over real HTTP: the files are made from what the nodes hold,
 * hold only escaped values, and go only to the admin or the phone's own user.
 */
@ExtendWith(KafkaExtension.class)
class PhoneProvisioningTest {
  private static final String PROFILES =
      "<configuration name=\"conference.conf\">\n  <profiles>\n"
          + "    <profile name=\"cdquality\"/>\n  </profiles>\n</configuration>\n";

  /** A name that would close an attribute and a SIP display name if it were not escaped. */
  private static final String NAME = "Ada \"/><user id=\"1 & <b>";

  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private static HttpResponse<String> get(ClusterFixture f, String path, String authorization)
      throws Exception {
    return f.get(path, authorization);
  }

  /** A GET signed with HTTP Digest, as a phone configured with the user's name and password. */
  private HttpResponse<String> asUser(ClusterFixture f, String path, String user, String password)
      throws Exception {
    HttpResponse<String> challenge = get(f, path, null);
    assertEquals(401, challenge.statusCode());
    Matcher nonce = NONCE.matcher(challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertTrue(nonce.find());
    return get(
        f,
        path,
        DigestAuthTest.authorization(
            "GET", DigestAlgorithm.SHA_256, user, password, nonce.group(1), "00000001", path));
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
  }

  /** The text of Linphone's {@code <entry name>} in {@code <section name>}. */
  private static String entry(Document config, String section, String name) {
    NodeList sections = config.getElementsByTagName("section");
    for (int i = 0; i < sections.getLength(); i++) {
      Element s = (Element) sections.item(i);
      if (s.getAttribute("name").equals(section)) {
        NodeList entries = s.getElementsByTagName("entry");
        for (int j = 0; j < entries.getLength(); j++) {
          Element e = (Element) entries.item(j);
          if (e.getAttribute("name").equals(name)) {
            return e.getTextContent();
          }
        }
      }
    }
    return null;
  }

  @Test
  void phonesGetTheirRegistrationAndTheConferencesOfTheirContextOnlyFromTheirUser(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1)) {
      f.handEdit("autoload_configs/conference.conf.xml", PROFILES);
      f.startService(Map.of("PROVISIONING_PHONE_SIP_HOST", "sip.example.org"));
      addUsersAndConferences(f);

      String token = "Bearer " + ClusterFixture.TOKEN;
      assertPolycomFiles(f, token);
      assertLinphoneDocument(f, token);

      // The conferences follow every change by themselves: no rebuild call.
      f.admin("POST", "/api/conferences/del", "[{\"num\":\"20002\"}]", 200);
      assertEquals(
          0,
          xml(get(f, "/phones/polycom/0004f2aabbcc-directory.xml", token).body())
              .getElementsByTagName("item")
              .getLength());

      assertOnlyTheAdminAndTheOwnerGetTheFiles(f, token);
    }
  }

  private static void addUsersAndConferences(ClusterFixture f) throws Exception {
    f.admin(
        "POST",
        "/api/users/add",
        "[{\"name\":\"ada\",\"email\":\"a@example.org\",\"context\":\"team\","
            + "\"password\":\"pw<&>$${x}\\\"\",\"polymac\":\"0004F2AABBCC\"},"
            + "{\"name\":\"bob\",\"email\":\"b@example.org\",\"context\":\"team\","
            + "\"password\":\"napw-bob\",\"polymac\":\"0004f2000001\"},"
            + "{\"name\":\"carl\",\"email\":\"c@example.org\",\"context\":\"friends\","
            + "\"password\":\"napw-carl\"}]",
        200);
    f.admin(
        "POST",
        "/api/conferences/add",
        "[{\"name\":\"weekly\",\"type\":\"cdquality\",\"context\":\"team\"},"
            + "{\"name\":\"pub\",\"type\":\"cdquality\",\"context\":\"friends\"}]",
        200);
    // A display name with quotes and markup, as a hand edit may hold it.
    f.admin(
        "POST",
        "/api/users/mod",
        "[{\"id\":\"20000\",\"name\":"
            + Json.encode(NAME)
            + ",\"password\":\"pw<&>$${x}\\\"\",\"polymac\":\"0004F2AABBCC\"}]",
        200);
  }

  private void assertPolycomFiles(ClusterFixture f, String token) throws Exception {
    HttpResponse<String> master = get(f, "/phones/polycom/0004F2AABBCC.cfg", token);
    assertEquals(200, master.statusCode(), master.body());
    Element application = xml(master.body()).getDocumentElement();
    assertEquals("APPLICATION", application.getTagName());
    assertEquals("0004f2aabbcc-switchboard.cfg", application.getAttribute("CONFIG_FILES"));
    assertEquals("no-store", master.headers().firstValue("Cache-Control").orElse(""));

    Element all =
        (Element)
            xml(get(f, "/phones/polycom/0004f2aabbcc-switchboard.cfg", token).body())
                .getElementsByTagName("ALL")
                .item(0);
    assertEquals("20000", all.getAttribute("reg.1.auth.userId"));
    assertEquals("pw<&>$${x}\"", all.getAttribute("reg.1.auth.password"));
    assertEquals(NAME, all.getAttribute("reg.1.displayName"));
    assertEquals("sip.example.org", all.getAttribute("reg.1.server.1.address"));
    assertEquals("5061", all.getAttribute("reg.1.server.1.port"));
    assertEquals("TLS", all.getAttribute("reg.1.server.1.transport"));

    Document directory = xml(get(f, "/phones/polycom/0004f2aabbcc-directory.xml", token).body());
    NodeList items = directory.getElementsByTagName("item");
    assertEquals(1, items.getLength(), "only the conferences of the user's context");
    Element item = (Element) items.item(0);
    assertEquals("weekly", item.getElementsByTagName("fn").item(0).getTextContent());
    assertEquals("20002", item.getElementsByTagName("ct").item(0).getTextContent());
    assertEquals("1", item.getElementsByTagName("sd").item(0).getTextContent());
  }

  private void assertLinphoneDocument(ClusterFixture f, String token) throws Exception {
    HttpResponse<String> linphone = get(f, "/phones/linphone/20000", token);
    assertEquals(200, linphone.statusCode(), linphone.body());
    Document config = xml(linphone.body());
    assertEquals(
        "http://www.linphone.org/xsds/lpconfig.xsd", config.getDocumentElement().getNamespaceURI());
    assertEquals("pw<&>$${x}\"", entry(config, "auth_info_0", "passwd"));
    assertEquals(
        "\"Ada \\\"/><user id=\\\"1 & <b>\" <sip:20000@sip.example.org>",
        entry(config, "proxy_0", "reg_identity"));
    assertEquals("<sip:sip.example.org:5061;transport=tls>", entry(config, "proxy_0", "reg_proxy"));
    assertEquals(
        "\"weekly cdquality\" <sip:20002@sip.example.org>", entry(config, "friend_0", "url"));
    assertEquals(null, entry(config, "friend_1", "url"));
  }

  private void assertOnlyTheAdminAndTheOwnerGetTheFiles(ClusterFixture f, String token)
      throws Exception {
    // bob's phone signs in as bob: its own files, and nobody else's.
    HttpResponse<String> own =
        asUser(f, "/phones/polycom/0004f2000001-switchboard.cfg", "bob", "napw-bob");
    assertEquals(200, own.statusCode(), own.body());
    assertTrue(own.body().contains("reg.1.auth.password=\"napw-bob\""));
    HttpResponse<String> other =
        asUser(f, "/phones/polycom/0004f2aabbcc-switchboard.cfg", "bob", "napw-bob");
    assertEquals(404, other.statusCode());
    assertFalse(other.body().contains("pw<"));
    assertEquals(404, asUser(f, "/phones/linphone/20000", "bob", "napw-bob").statusCode());
    assertEquals(200, asUser(f, "/phones/linphone/20001", "bob", "napw-bob").statusCode());
    assertEquals(401, get(f, "/phones/linphone/20001", null).statusCode());
    assertEquals(401, asUser(f, "/phones/linphone/30000", "carl", "napw-carl").statusCode());

    assertEquals(404, get(f, "/phones/polycom/0004f2ffffff.cfg", token).statusCode());
    assertEquals(404, get(f, "/phones/linphone/29999", token).statusCode());
    for (String bad :
        new String[] {
          "0004f2aabbc.cfg", "0004f2aabbcg.cfg", "..%2F0004f2aabbcc.cfg", "0004f2aabbcc.xml"
        }) {
      HttpResponse<String> refused = get(f, "/phones/polycom/" + bad, token);
      assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
    }
  }
}
