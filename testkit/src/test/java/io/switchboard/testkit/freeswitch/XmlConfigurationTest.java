package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reloadxml, xml_locate and the gateways a profile gets, read as FreeSWITCH reads its
 * configuration: one document preprocessed from freeswitch.xml (switch_xml.c preprocess), then
 * parsed once by switch_xml.
 */
class XmlConfigurationTest {
  @TempDir Path conf;
  private FreeSwitchSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private void start() {
    sim =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults()
                .withConfigurationDir(conf)
                .withHostname("bbb-node-1")
                .withHeartbeatInterval(Duration.ZERO));
  }

  private void write(String file, String text) throws Exception {
    Files.createDirectories(conf.resolve(file).getParent());
    Files.writeString(conf.resolve(file), text);
  }

  private static String api(RawClient c, String command) throws Exception {
    c.send("api " + command + "\n\n");
    return c.readFrame().body();
  }

  /** A root of our own: every line of the merged text is known, so the error line is too. */
  private void writeSmallRoot() throws Exception {
    write(
        "freeswitch.xml",
        """
        <?xml version="1.0"?>
        <document type="freeswitch/xml">
          <X-PRE-PROCESS cmd="set" data="realm = sip.example.org"/>
          <section name="configuration" description="Various Configuration">
            <X-PRE-PROCESS cmd="include" data="conf/*.xml"/>
          </section>
        </document>
        """);
    write(
        "conf/a.xml",
        """
        <include>
          <configuration name="a.conf">
            <settings>
              <param name="realm" value="$${realm}"/>
            </settings>
          </configuration>
        </include>
        """);
  }

  @Test
  void aGatewayWrittenOnOneLineWithItsIncludeWrapperCreatesNothing() throws Exception {
    // preprocess drops every line holding <include>, </include> or <? (switch_xml.c:1510-1513).
    start();
    write(
        "sip_profiles/external/one-line.xml",
        "<include><gateway name=\"one-line\"><param name=\"username\" value=\"u\"/>"
            + "<param name=\"password\" value=\"p\"/><param name=\"realm\" value=\"sip.example.org\"/></gateway></include>\n");
    write(
        "sip_profiles/external/own-lines.xml",
        """
        <include>
          <gateway name="own-lines">
            <param name="username" value="u"/>
            <param name="password" value="p"/>
            <param name="realm" value="sip.example.org"/>
          </gateway>
        </include>
        """);
    try (RawClient c = RawClient.authenticated(sim)) {
      assertEquals(
          "Reload XML [Success]\n+OK scan complete\n", api(c, "sofia profile external rescan"));
    }
    assertEquals(Set.of("own-lines"), sim.gatewayStates().keySet());
  }

  @Test
  void reloadxmlCountsTheErrorLineInTheMergedConfigurationAndNamesNoFile() throws Exception {
    // __switch_xml_open_root (switch_xml.c:2433-2470) parses the preprocessed whole; switch_xml_err
    // counts lines there (:577); reload_xml_function answers "+OK [%s]\n" (mod_commands.c:2853).
    writeSmallRoot();
    start();
    // Merged: document (1), section (2), configuration a.conf (3-7), then b.conf's lines 8-10.
    write(
        "conf/b.xml",
        "<include>\n  <configuration name=\"b.conf\">\n    <gateways>\n    </gateway>\n  </configuration>\n</include>\n");
    try (RawClient c = RawClient.authenticated(sim)) {
      assertEquals(
          "+OK [[error near line 10]: unexpected closing tag </gateway>]\n", api(c, "reloadxml"));
    }
  }

  @Test
  void aFailedReloadKeepsTheOldConfigurationAndFiresNoReloadxmlEvent() throws Exception {
    // switch_xml_open_root fires RELOADXML only when it has a new root (switch_xml.c:2422).
    start();
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain RELOADXML\n\n");
      c.readFrame();
      assertEquals("+OK [Success]\n", api(c, "reloadxml"));
      assertEquals("RELOADXML", c.readEvent().plainEventHeaders().get("Event-Name"));
      // The include lines go, the gateway's opening line stays: the profile's </gateways> closes
      // it.
      write("sip_profiles/external/broken.xml", "<include>\n<gateway name=\"x\">\n</include>\n");
      String reply = api(c, "reloadxml");
      assertTrue(
          reply.matches(
              "\\+OK \\[\\[error near line \\d+\\]: unexpected closing tag </gateways>\\]\n"),
          reply);
      assertTrue(c.silentFor(300), "no RELOADXML event after a failed reload");
      assertTrue(
          api(c, "xml_locate configuration configuration name sofia.conf")
              .startsWith("<configuration name=\"sofia.conf\""),
          "the configuration loaded before is still there");
    }
  }

  @Test
  void preprocessorVariablesAreExpandedAndSetAsCoreVariables() throws Exception {
    // X-PRE-PROCESS set -> switch_core_set_variable; $${var} -> expand_vars (switch_xml.c:1307,
    // 1626).
    writeSmallRoot();
    start();
    try (RawClient c = RawClient.authenticated(sim)) {
      assertEquals("sip.example.org", api(c, "global_getvar realm"));
      assertTrue(
          api(c, "xml_locate configuration configuration name a.conf")
              .contains("<param name=\"realm\" value=\"sip.example.org\"></param>"));
    }
  }

  @Test
  void anIncludeCommentedOutOnItsOwnLineStillIncludes() throws Exception {
    // The preprocessor knows no comments: the X-PRE-PROCESS line, "<!--" and "-->" with it, is
    // dropped and the include runs (switch_xml.c:1525-1601).
    writeSmallRoot();
    write(
        "freeswitch.xml",
        Files.readString(conf.resolve("freeswitch.xml"))
            .replace("<X-PRE-PROCESS cmd=\"include\"", "<!-- <X-PRE-PROCESS cmd=\"include\"")
            .replace("*.xml\"/>", "*.xml\"/> -->"));
    assertTrue(
        Files.readString(conf.resolve("freeswitch.xml"))
            .contains("<!-- <X-PRE-PROCESS cmd=\"include\" data=\"conf/*.xml\"/> -->"));
    start();
    try (RawClient c = RawClient.authenticated(sim)) {
      assertTrue(
          api(c, "xml_locate configuration configuration name a.conf")
              .startsWith("<configuration name=\"a.conf\">"));
    }
  }

  @Test
  void filesNoIncludeReachesAreNotRead() throws Exception {
    writeSmallRoot();
    start();
    write("elsewhere/broken.xml", "<not closed");
    write("conf/not-xml.txt", "<not closed");
    try (RawClient c = RawClient.authenticated(sim)) {
      assertEquals("+OK [Success]\n", api(c, "reloadxml"));
    }
  }

  @Test
  void xmlLocateFindsDirectChildrenOfTheSectionComparingValuesWithoutCase() throws Exception {
    // xml_locate_function (mod_commands.c:1825) -> switch_xml_locate (switch_xml.c:1852)
    // -> switch_xml_find_child (:394); output is switch_xml_toxml's (:2664).
    writeSmallRoot();
    start();
    try (RawClient c = RawClient.authenticated(sim)) {
      // The parsed whitespace stays and the writer's indentation is added to it.
      String expected =
          "<configuration name=\"a.conf\">\n      <settings>\n          <param name=\"realm\" value=\"sip.example.org\">"
              + "</param>\n\n    </settings>\n\n  </configuration>\n";
      assertEquals(expected, api(c, "xml_locate configuration configuration name A.CONF"));
      assertEquals(expected, api(c, "xml_locate CONFIGURATION configuration name a.conf"));
      assertEquals(
          "can't find anything\n",
          api(c, "xml_locate configuration settings name x"),
          "a grandchild of the section is not found");
      assertEquals(
          "can't find anything\n",
          api(c, "xml_locate configuration Configuration name a.conf"),
          "tag names are compared with case");
      assertTrue(
          api(c, "xml_locate configuration")
              .startsWith(
                  "<section name=\"configuration\" description=\"Various Configuration\">\n"));
      assertEquals("can't find anything\n", api(c, "xml_locate directory"));
      assertEquals("-ERR bad args\n", api(c, "xml_locate configuration configuration"));
    }
  }

  @Test
  void xmlLocateRootPrintsTheWholeDocumentAndFiresReloadxml() throws Exception {
    // xml_locate root calls switch_xml_open_root(0), which fires RELOADXML whenever it returns a
    // root (mod_commands.c:1853, switch_xml.c:2422).
    writeSmallRoot();
    start();
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain RELOADXML\n\n");
      c.readFrame();
      String root = api(c, "xml_locate root");
      assertTrue(root.startsWith("<document type=\"freeswitch/xml\">\n"), root);
      assertTrue(root.endsWith("</document>\n"), root);
      assertEquals("RELOADXML", c.readEvent().plainEventHeaders().get("Event-Name"));
    }
  }

  @Test
  void aFolderWithoutFreeswitchXmlGetsBbbsLayoutAndItsProfileIncludesGateways() throws Exception {
    start();
    assertTrue(Files.exists(conf.resolve("freeswitch.xml")));
    write(
        "sip_profiles/external/room-72013.xml",
        """
        <include>
          <gateway name="room-72013">
            <param name="username" value="72013"/>
            <param name="password" value="pw"/>
            <param name="realm" value="sip.example.org"/>
          </gateway>
        </include>
        """);
    XmlConfiguration xml = new XmlConfiguration(conf);
    assertEquals("Success", xml.reload());
    assertEquals(java.util.List.of("external"), xml.profiles());
    assertEquals(
        Map.of(
            "room-72013",
            Map.of("username", "72013", "password", "pw", "realm", "sip.example.org")),
        xml.gateways("external"));
  }
}
