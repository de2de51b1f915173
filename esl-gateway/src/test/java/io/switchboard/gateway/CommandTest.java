package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.bus.NodeState;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Commands from fs.commands to FreeSWITCH (or the configuration folder), and their results. */
@ExtendWith(KafkaExtension.class)
class CommandTest {
  private static final TopicContract CONTRACT = TopicContract.load();
  private GatewayFixture f;
  private CommandBus bus;
  private RecordCollector results;

  @BeforeAll
  static void topics(KafkaBroker broker) {
    GatewayFixture.createTopics(broker);
  }

  @BeforeEach
  void start(KafkaBroker broker, @TempDir Path dir) {
    f =
        new GatewayFixture(
            broker.bootstrapServers(),
            dir,
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
            Map.of("FS_FILE_COMMANDS", "on"));
    f.awaitConnected();
    bus = new CommandBus(broker.bootstrapServers());
    results = bus.results;
  }

  @AfterEach
  void stop() {
    bus.close();
    f.close();
  }

  private void send(Command command) throws Exception {
    bus.send(command);
  }

  private Command api(String command) {
    return CommandBus.api(f.node, command);
  }

  private CommandResult resultOf(String id) {
    return bus.resultOf(id);
  }

  @Test
  void anAllowlistedCommandRunsAsBgapiAndIsAnsweredOnce() throws Exception {
    Command reload = api("reloadxml");
    send(reload);
    CommandResult result = resultOf(reload.id());
    assertEquals(CommandResult.Status.OK, result.status());
    assertEquals("+OK [Success]\n", result.reply());
    assertTrue(
        result.startedAt() >= result.receivedAt() && result.finishedAt() >= result.startedAt());
    assertTrue(
        f.fs.commandLog().stream().anyMatch(c -> c.equals("bgapi reloadxml")),
        f.fs.commandLog().toString());

    Command missing = api("conference 99999 list");
    send(missing);
    CommandResult error = resultOf(missing.id());
    assertEquals(CommandResult.Status.ERROR, error.status());
    assertEquals("-ERR Conference 99999 not found\n", error.reply());
  }

  @Test
  void systemIsRejectedAndNeverReachesFreeSwitch() throws Exception {
    for (String dangerous :
        List.of(
            "system rm -rf /",
            "SYSTEM rm -rf /",
            "bg_system rm -rf /",
            "expand system id",
            "bgapi system id",
            "eval ${system id}",
            "uptime")) {
      Command command = api(dangerous);
      send(command);
      CommandResult result = resultOf(command.id());
      assertEquals(CommandResult.Status.REJECTED, result.status(), dangerous);
    }
    assertTrue(
        f.fs.commandLog().stream()
            .noneMatch(c -> c.toLowerCase().contains("system") || c.contains("uptime")),
        f.fs.commandLog().toString());
  }

  @Test
  void expiredForeignRepeatedAndMalformedCommands() throws Exception {
    long now = System.currentTimeMillis();
    Command expired =
        Command.api(
            "expired-" + UUID.randomUUID(), f.node, "status", "test", now - 60_000, now - 1);
    Command foreign =
        Command.api(
            "foreign-" + UUID.randomUUID(), "some-other-node", "status", "test", now, now + 30_000);
    Command twice = api("status");
    Command noCommand =
        new Command(
            1,
            "bad-" + UUID.randomUUID(),
            f.node,
            Command.Op.API,
            "",
            null,
            null,
            "test",
            now,
            now + 30_000,
            null,
            null,
            null);
    send(expired);
    send(foreign);
    send(twice);
    send(twice);
    send(noCommand);
    bus.sendRaw(f.node, "not json".getBytes());
    Command last = api("version");
    send(last);
    resultOf(last.id());

    assertEquals(CommandResult.Status.EXPIRED, resultOf(expired.id()).status());
    assertTrue(resultOf(expired.id()).error().startsWith("expired at "));
    assertEquals(CommandResult.Status.REJECTED, resultOf(noCommand.id()).status());
    assertEquals("command is missing for op api", resultOf(noCommand.id()).error());
    assertEquals(
        1,
        results.matching(r -> twice.id().equals(r.key())).size(),
        "one result for a repeated id");
    assertEquals(
        1,
        f.fs.commandLog().stream().filter(c -> c.equals("bgapi status")).count(),
        "executed once");
    assertTrue(
        results.matching(r -> foreign.id().equals(r.key())).isEmpty(),
        "another node's command is not ours");
    assertEquals(
        List.of("bgapi status", "bgapi version"),
        f.fs.commandLog().stream().filter(c -> c.startsWith("bgapi")).toList(),
        "only the valid commands ran");
  }

  @Test
  void aRestartedGatewayDoesNotRunACommandAgain() throws Exception {
    Command command = api("status");
    send(command);
    resultOf(command.id());
    f.stopGateway();
    // The same command once more, as a redelivery after a crash would bring it.
    send(command);
    f.startGateway();
    f.awaitConnected();
    Command marker = api("version");
    send(marker);
    resultOf(marker.id());
    assertEquals(1, f.fs.commandLog().stream().filter(c -> c.equals("bgapi status")).count());
  }

  @Test
  void filesAreWrittenAtomicallyInsideTheConfigurationFolderOnly() throws Exception {
    long now = System.currentTimeMillis();
    String gatewayXml =
        "<include><gateway name=\"room-72013\"><param name=\"realm\" value=\"sip.example.org\"/></gateway></include>";
    Command put =
        Command.filePut(
            "put-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/external/room-72013.xml",
            gatewayXml,
            "registration",
            now,
            now + 30_000);
    send(put);
    assertEquals(CommandResult.Status.OK, resultOf(put.id()).status());
    assertEquals(
        gatewayXml, Files.readString(f.confDir.resolve("sip_profiles/external/room-72013.xml")));
    try (var listing = Files.list(f.confDir.resolve("sip_profiles/external"))) {
      assertEquals(
          List.of("room-72013.xml"),
          listing.map(p -> p.getFileName().toString()).toList(),
          "no temporary files left");
    }
    for (String bad :
        List.of(
            "../escape.xml", "/etc/passwd", "sip_profiles/../../escape.xml", "a/./../../b.xml")) {
      Command evil =
          Command.filePut("evil-" + UUID.randomUUID(), f.node, bad, "x", "test", now, now + 30_000);
      send(evil);
      CommandResult result = resultOf(evil.id());
      assertEquals(CommandResult.Status.REJECTED, result.status(), bad);
    }
    assertFalse(Files.exists(f.confDir.getParent().resolve("escape.xml")));
    Files.createSymbolicLink(f.confDir.resolve("sip_profiles/external/link"), f.dataDir);
    Command throughLink =
        Command.filePut(
            "link-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/external/link/x.xml",
            "x",
            "test",
            now,
            now + 30_000);
    send(throughLink);
    assertEquals(CommandResult.Status.REJECTED, resultOf(throughLink.id()).status());

    Command delete =
        Command.fileDelete(
            "del-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/external/room-72013.xml",
            "registration",
            now,
            now + 30_000);
    send(delete);
    assertEquals(CommandResult.Status.OK, resultOf(delete.id()).status());
    assertFalse(Files.exists(f.confDir.resolve("sip_profiles/external/room-72013.xml")));
  }

  @Test
  void aFileNameOf255BytesIsWrittenAndALongerOneIsRefused() throws Exception {
    long now = System.currentTimeMillis();
    // 214 to 255 bytes failed before: the temporary name added 42 bytes to the target's name.
    String longest = "room-" + "7".repeat(246) + ".xml";
    assertEquals(255, longest.length());
    Command put =
        Command.filePut(
            "put-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/external/" + longest,
            "<gateway/>",
            "registration",
            now,
            now + 30_000);
    send(put);
    CommandResult written = resultOf(put.id());
    assertEquals(CommandResult.Status.OK, written.status(), written.error());
    assertTrue(Files.exists(f.confDir.resolve("sip_profiles/external/" + longest)));

    Command tooLong =
        Command.filePut(
            "put-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/external/x" + longest,
            "<gateway/>",
            "registration",
            now,
            now + 30_000);
    send(tooLong);
    CommandResult refused = resultOf(tooLong.id());
    assertEquals(CommandResult.Status.REJECTED, refused.status());
    assertTrue(refused.error().startsWith("file name is longer than 255 bytes"), refused.error());
  }

  @Test
  void theNodeStateSaysConnectedAndWhatIsSubscribed() {
    var record =
        results
            .await(
                r ->
                    r.topic().equals(Topics.NODES)
                        && f.node.equals(r.key())
                        && Json.decode(r.value(), NodeState.class).connected()
                        && Json.decode(r.value(), NodeState.class).fsVersion() != null,
                1,
                Duration.ofSeconds(30))
            .get(0);
    CONTRACT.validate(record.topic(), record.value());
    NodeState state = Json.decode(record.value(), NodeState.class);
    assertTrue(state.fsVersion().startsWith("1.10.12"), state.fsVersion());
    assertTrue(state.sockets().get(0).subscriptions().contains("HEARTBEAT"));
    assertFalse(new String(record.value()).contains("ClueCon"), "no password on the topic");
    assertEquals(f.fs.port(), Integer.parseInt(state.sockets().get(0).address().split(":")[1]));
  }
}
