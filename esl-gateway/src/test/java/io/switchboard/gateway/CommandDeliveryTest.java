package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.gateway.command.CommandProcessor;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Exactly one result per command with a readable id, whatever else is on the topic or happens to
 * the gateway.
 */
class CommandDeliveryTest extends CommandGatewayTest {
  private byte[] raw(String json) {
    return json.replace("NODE", f.node)
        .replace("NOW", Long.toString(System.currentTimeMillis()))
        .replace("LATER", Long.toString(System.currentTimeMillis() + 30_000))
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void badRecordsAmongCommandsDoNotStopTheOnesAfterThem() throws Exception {
    start(SimulatorOptions.defaults(), Map.of());
    Command first = CommandBus.api(f.node, "status");
    Command last = CommandBus.api(f.node, "version");
    String unknownOp = "op-" + UUID.randomUUID();
    String wrongType = "type-" + UUID.randomUUID();
    String noNode = "node-" + UUID.randomUUID();
    List<byte[]> records = new ArrayList<>();
    records.add(Json.encode(first));
    records.addAll(badRecords(unknownOp, wrongType, noNode));
    records.add(Json.encode(last));
    bus.sendAllRaw(f.node, records);

    assertEquals(CommandResult.Status.OK, bus.resultOf(first.id()).status());
    assertEquals(
        CommandResult.Status.OK,
        bus.resultOf(last.id()).status(),
        "the commands after bad records still run");
    CommandResult op = bus.resultOf(unknownOp);
    assertEquals(CommandResult.Status.REJECTED, op.status());
    assertTrue(op.error().startsWith("field 'op': unknown op 'shell'"), op.error());
    CommandResult type = bus.resultOf(wrongType);
    assertEquals(CommandResult.Status.REJECTED, type.status());
    assertTrue(type.error().startsWith("field 'expiresAt': "), type.error());
    CommandResult withoutNode = bus.resultOf(noNode);
    assertEquals(CommandResult.Status.REJECTED, withoutNode.status());
    assertEquals("node is missing", withoutNode.error());
    assertTrue(
        f.metrics()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("switchboard_gateway_commands_total{outcome=\"unreadable\"")
                        && l.endsWith(" 4.0")),
        "the four records without a readable id are counted");
    for (String id : List.of(first.id(), last.id(), unknownOp, wrongType, noNode)) {
      assertEquals(1, bus.resultsOf(id).size(), id);
    }
    assertEquals(
        List.of("bgapi status", "bgapi version"),
        f.fs.commandLog().stream().filter(c -> c.startsWith("bgapi")).toList());

    restartAsANewGateway();
    Command marker = CommandBus.api(f.node, "version");
    bus.send(marker);
    assertEquals(CommandResult.Status.OK, bus.resultOf(marker.id()).status());
  }

  /**
   * Four records without a readable id (no value, not JSON, not an object, a numeric id), then
   * three with one: an unknown op, a mistyped field and no node.
   */
  private List<byte[]> badRecords(String unknownOp, String wrongType, String noNode) {
    return Arrays.asList(
        null,
        "not json".getBytes(StandardCharsets.UTF_8),
        "[1,2]".getBytes(StandardCharsets.UTF_8),
        raw(
            "{\"v\":1,\"id\":42,\"node\":\"NODE\",\"op\":\"api\",\"command\":\"status\",\"expiresAt\":LATER}"),
        raw(
            "{\"v\":1,\"id\":\""
                + unknownOp
                + "\",\"node\":\"NODE\",\"op\":\"shell\",\"command\":\"id\",\"issuer\":\"t\","
                + "\"issuedAt\":NOW,\"expiresAt\":LATER}"),
        raw(
            "{\"v\":1,\"id\":\""
                + wrongType
                + "\",\"node\":\"NODE\",\"op\":\"api\",\"command\":\"status\",\"issuer\":\"t\","
                + "\"issuedAt\":NOW,\"expiresAt\":\"tomorrow\"}"),
        raw(
            "{\"v\":1,\"id\":\""
                + noNode
                + "\",\"op\":\"api\",\"command\":\"status\",\"issuer\":\"t\","
                + "\"issuedAt\":NOW,\"expiresAt\":LATER}"));
  }

  /**
   * A new gateway for the node (no journal, no committed offsets) reads from the beginning and
   * meets the same records: they must not hold it up either.
   */
  private void restartAsANewGateway() throws Exception {
    f.stopGateway();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.deleteConsumerGroups(List.of("esl-gateway-" + f.node)).all().get(30, TimeUnit.SECONDS);
    }
    Files.delete(f.dataDir.resolve("executed-commands.log"));
    f.startGateway();
    f.awaitConnected();
  }

  @Test
  void aCommandStartedWhenTheGatewayStoppedIsAnsweredUnknownAndNeverRunAgain() throws Exception {
    start(SimulatorOptions.defaults(), Map.of());
    f.fs.freeze();
    Command job = CommandBus.api(f.node, "reloadxml");
    bus.send(job);
    Path journal = f.dataDir.resolve("executed-commands.log");
    Await.until(() -> read(journal).contains(job.id()), "the command journaled as started");
    f.stopGateway();
    f.fs.thaw();
    f.startGateway();
    f.awaitConnected();

    CommandResult result = bus.resultOf(job.id());
    assertEquals(CommandResult.Status.UNKNOWN, result.status());
    assertNull(result.reply());
    Command marker = CommandBus.api(f.node, "version");
    bus.send(marker);
    bus.resultOf(marker.id());
    assertEquals(1, bus.resultsOf(job.id()).size(), "one result");
    assertTrue(
        f.fs.commandLog().stream().noneMatch(c -> c.contains("reloadxml")),
        "not run after the restart");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aCommandValidForYearsIsRejected() throws Exception {
    start(SimulatorOptions.defaults(), Map.of());
    long now = System.currentTimeMillis();
    Command forever =
        Command.api(
            UUID.randomUUID().toString(),
            f.node,
            "status",
            "test",
            now,
            now + Duration.ofDays(3650).toMillis());
    bus.send(forever);
    CommandResult result = bus.resultOf(forever.id());
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertTrue(result.error().contains("is more than COMMAND_MAX_LIFETIME (PT1H)"), result.error());
    assertTrue(f.fs.commandLog().stream().noneMatch(c -> c.startsWith("bgapi")));
  }

  @Test
  void newlinesInIdOrIssuerCannotForgeLogLines() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(CommandProcessor.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      start(SimulatorOptions.defaults(), Map.of());
      long now = System.currentTimeMillis();
      String forged =
          "\n2026-12-06 12:00:00.000 ERROR [main] io.switchboard.gateway.EslGateway - forged";
      Command byIssuer =
          Command.api(
              UUID.randomUUID().toString(), f.node, "system id", "svc" + forged, now, now + 30_000);
      Command byId = Command.api("id" + forged, f.node, "status", "svc", now, now + 30_000);
      bus.send(byIssuer);
      bus.send(byId);
      assertEquals(CommandResult.Status.REJECTED, bus.resultOf(byIssuer.id()).status());
      CommandResult idResult = bus.resultOf(byId.id());
      assertEquals(CommandResult.Status.REJECTED, idResult.status());
      assertTrue(
          idResult
              .error()
              .contains("id must be 1-256 characters without spaces or control characters"),
          idResult.error());
      List<String> lines;
      synchronized (appender) {
        lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      }
      assertTrue(
          lines.stream().anyMatch(l -> l.contains("forged")), "the commands were logged: " + lines);
      assertTrue(
          lines.stream().noneMatch(l -> l.contains("\n") || l.contains("\r")), lines.toString());
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aLongReplyIsCutAndSaysHowLongItWas() throws Exception {
    start(SimulatorOptions.defaults(), Map.of("COMMAND_REPLY_MAX_BYTES", "64"));
    Command status = CommandBus.api(f.node, "status");
    bus.send(status);
    CommandResult result = bus.resultOf(status.id());
    assertEquals(CommandResult.Status.OK, result.status());
    assertEquals(64, result.reply().getBytes(StandardCharsets.UTF_8).length);
    assertTrue(result.replyBytes() > 64, String.valueOf(result.replyBytes()));
    assertTrue(result.reply().startsWith("UP "), result.reply());
  }

  @Test
  void aReplyTooLargeForKafkaIsAnsweredWithoutItAndTheNextCommandsRun() throws Exception {
    Path fsConf = dir.resolve("fs-conf");
    Files.createDirectories(fsConf);
    StringBuilder big =
        new StringBuilder("<document type=\"freeswitch/xml\"><section name=\"phrases\">");
    for (int i = 0; i < 30_000; i++) {
      big.append("<macro name=\"m").append(i).append("\"><input pattern=\"(.*)\"/></macro>");
    }
    // The whole configuration, as FreeSWITCH reads it from freeswitch.xml (no includes needed).
    Files.writeString(fsConf.resolve("freeswitch.xml"), big.append("</section></document>"));
    // Above the producer's max.request.size (1 MiB by default): Kafka refuses the record.
    start(
        SimulatorOptions.defaults().withConfigurationDir(fsConf),
        Map.of("COMMAND_REPLY_MAX_BYTES", "4m"));
    Command locate = CommandBus.api(f.node, "xml_locate phrases");
    Command next = CommandBus.api(f.node, "status");
    bus.send(locate);
    bus.send(next);
    CommandResult result = bus.resultOf(locate.id());
    assertEquals(CommandResult.Status.ERROR, result.status());
    assertNull(result.reply());
    assertTrue(
        result.error().startsWith("the reply did not fit in a Kafka record"), result.error());
    assertTrue(result.replyBytes() == null, "the reply was not cut, but dropped");
    assertEquals(CommandResult.Status.OK, bus.resultOf(next.id()).status());
    assertEquals(1, bus.resultsOf(locate.id()).size());
  }

  @Test
  void aFileCommandsResultKafkaRefusesIsSentAgainUntilTakenThoughItsBatchWasCommitted()
      throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    Command put = CommandBus.put(f.node, "sip_profiles/external/refused.xml");
    Logger logger = (Logger) LoggerFactory.getLogger(CommandProcessor.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      // Smaller than any result: Kafka refuses it, and the error sent in its place.
      resultsMaxMessageBytes("64");
      bus.send(put);
      Await.until(
          () -> Files.exists(f.confDir.resolve("sip_profiles/external/refused.xml")),
          "the file written");
      // The gateway commits a batch once its commands are under way: the put is not delivered
      // again, so only the gateway's own resending can answer it. Kafka takes the result at the
      // attempt after the limit is lifted, a second after the last refusal.
      Await.until(
          () -> refusals(appender, put.id()) >= 2, "the result refused, and again a second later");
      assertTrue(bus.resultsOf(put.id()).isEmpty(), "Kafka refuses every result meanwhile");
    } finally {
      logger.detachAppender(appender);
      resultsMaxMessageBytes(null);
    }
    CommandResult result = bus.resultOf(put.id());
    assertEquals(CommandResult.Status.OK, result.status(), result.error());
    Command next = CommandBus.api(f.node, "status");
    bus.send(next);
    assertEquals(CommandResult.Status.OK, bus.resultOf(next.id()).status());
    assertEquals(1, bus.resultsOf(put.id()).size());
  }

  /** How many times the gateway logged the result of command {@code id} as not published. */
  private static long refusals(ListAppender<ILoggingEvent> appender, String id) {
    synchronized (appender) {
      return appender.list.stream()
          .map(ILoggingEvent::getFormattedMessage)
          .filter(l -> l.startsWith("result of command " + id + " not published"))
          .count();
    }
  }

  /**
   * Sets the results topic's largest record batch, and waits until the broker reports it; null:
   * back to the broker's default.
   */
  private void resultsMaxMessageBytes(String bytes) throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMAND_RESULTS);
    AlterConfigOp op =
        new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes),
            bytes == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
      Await.until(
          () -> {
            ConfigEntry now = maxMessageBytes(admin, topic);
            return bytes == null ? now.isDefault() : bytes.equals(now.value());
          },
          "max.message.bytes " + (bytes == null ? "back to the default" : bytes));
    }
  }

  private static ConfigEntry maxMessageBytes(Admin admin, ConfigResource topic) {
    try {
      return admin
          .describeConfigs(List.of(topic))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    } catch (Exception e) {
      throw new IllegalStateException("describing " + topic, e);
    }
  }
}
