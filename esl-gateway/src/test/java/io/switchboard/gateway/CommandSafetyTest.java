package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a hostile producer on fs.commands can no longer do, against the simulator and the broker.
 */
class CommandSafetyTest extends CommandGatewayTest {
  private static final String GATEWAY_XML =
      "<include>\n  <gateway name=\"room-72013\">\n"
          + "    <param name=\"realm\" value=\"sip.example.org\"/>\n  </gateway>\n</include>\n";

  private CommandResult run(Command command) throws Exception {
    bus.send(command);
    return bus.resultOf(command.id());
  }

  private Command put(String path, String content) {
    long now = System.currentTimeMillis();
    return Command.filePut(
        "put-" + UUID.randomUUID(), f.node, path, content, "registration", now, now + 30_000);
  }

  @Test
  void aConferenceDialWithChannelVariablesIsRejectedAndNeverReachesFreeSwitch() throws Exception {
    start(SimulatorOptions.defaults(), Map.of());
    f.fs.createConference("72013");
    for (String hostile :
        List.of(
            "conference pwn dial '{api_on_originate=system id}loopback/9999' 1000 x",
            "conference 72013 dial sofia/gateway/upstream/00491701234567 1000 x",
            "conference 72013 recording start /etc/cron.d/pwn",
            "conference 72013 record /root/.ssh/authorized_keys",
            "xml_locate root",
            "global_getvar",
            "show channels")) {
      CommandResult result = run(CommandBus.api(f.node, hostile));
      assertEquals(CommandResult.Status.REJECTED, result.status(), hostile);
      assertTrue(result.error().contains("is not on the command allowlist"), result.error());
    }
    CommandResult list = run(CommandBus.api(f.node, "conference 72013 list"));
    assertEquals(CommandResult.Status.OK, list.status(), list.error());
    assertEquals(
        List.of("bgapi conference 72013 list"),
        f.fs.commandLog().stream().filter(c -> c.startsWith("bgapi")).toList(),
        "only the allowed command ran");
  }

  @Test
  void fileCommandsAreOffUnlessAnOperatorTurnsThemOn() throws Exception {
    start(SimulatorOptions.defaults(), Map.of());
    CommandResult result = run(put("sip_profiles/external/room-72013.xml", GATEWAY_XML));
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals(
        "file commands are off: they need FS_CONF_DIR and FS_FILE_COMMANDS=on", result.error());
    assertFalse(Files.exists(f.confDir.resolve("sip_profiles/external/room-72013.xml")));
  }

  @Test
  void aFileHoldingAPreprocessorDirectiveIsNeverWritten() throws Exception {
    start(SimulatorOptions.defaults(), Map.of("FS_FILE_COMMANDS", "on"));
    for (String directive :
        List.of(
            "<X-PRE-PROCESS cmd=\"exec\" data=\"touch /tmp/pwned\"/>",
            "<x-pre-process cmd=\"include\" data=\"/etc/freeswitch/autoload_configs/*.xml\"/>",
            "<!--#exec \"touch /tmp/pwned\"-->")) {
      CommandResult result =
          run(put("sip_profiles/external/room-72013.xml", GATEWAY_XML + directive + "\n"));
      assertEquals(CommandResult.Status.REJECTED, result.status(), directive);
      assertTrue(
          result.error().startsWith("line 6 holds a preprocessor directive"), result.error());
    }
    assertFalse(
        Files.exists(f.confDir.resolve("sip_profiles/external/room-72013.xml")),
        "nothing half-written");
    assertEquals(
        CommandResult.Status.OK,
        run(put("sip_profiles/external/room-72013.xml", GATEWAY_XML)).status());
    assertEquals(
        GATEWAY_XML, Files.readString(f.confDir.resolve("sip_profiles/external/room-72013.xml")));
  }

  @Test
  void aFileOutsideTheGatewayFolderIsRefused() throws Exception {
    start(SimulatorOptions.defaults(), Map.of("FS_FILE_COMMANDS", "on"));
    // A dialplan extension with <action application="system"> would be a shell without any
    // directive.
    for (String path :
        List.of(
            "dialplan/default/00_pwn.xml",
            "autoload_configs/event_socket.conf.xml",
            "freeswitch.xml",
            "sip_profiles/external.xml",
            "sip_profiles/external")) {
      CommandResult result = run(put(path, "<include/>\n"));
      assertEquals(CommandResult.Status.REJECTED, result.status(), path);
      assertTrue(
          result.error().startsWith("path is outside the folders file commands may write in"),
          result.error());
    }
  }

  @Test
  void noPasswordFromXmlLocateReachesTheResultsTopic() throws Exception {
    Path fsConf = dir.resolve("fs-conf");
    Files.createDirectories(fsConf.resolve("directory"));
    Files.writeString(
        fsConf.resolve("directory/bbb.xml"),
        """
        <document type="freeswitch/xml">
          <section name="directory">
            <domain name="bbb">
              <user id="1000">
                <params>
                  <param name="password" value="s3cret-1000"/>
                  <param name="vm-password" value="vm-4321"/>
                  <param name="a1-hash" value="c7a9b3f0e1d2"/>
                </params>
                <gateways>
                  <gateway name="upstream"><param name="password" value="gw-pass"/></gateway>
                </gateways>
              </user>
            </domain>
          </section>
        </document>
        """);
    start(SimulatorOptions.defaults().withConfigurationDir(fsConf), Map.of());
    Command locate = CommandBus.api(f.node, "xml_locate directory");
    CommandResult result = run(locate);
    assertEquals(CommandResult.Status.OK, result.status(), result.error());
    assertTrue(
        result.reply().contains("<param name=\"password\" value=\"[redacted]\""), result.reply());
    String onTheTopic =
        new String(bus.resultsOf(locate.id()).get(0).value(), StandardCharsets.UTF_8);
    for (String secret : List.of("s3cret-1000", "vm-4321", "c7a9b3f0e1d2", "gw-pass")) {
      assertFalse(onTheTopic.contains(secret), secret + " reached fs.command-results");
    }
  }
}
