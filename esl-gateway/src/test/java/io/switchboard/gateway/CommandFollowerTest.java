package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.InterruptibleKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's command follower never stops: through a Kafka outage longer than the clients' API
 * timeout, and through jobs that outlast {@code max.poll.interval.ms}, every command gets exactly
 * one result, and readiness says when the gateway cannot follow its commands.
 */
class CommandFollowerTest {
  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA =
      new InterruptibleKafkaExtension(GatewayFixture::createTopics);

  private static GatewayFixture gateway(Path dir, Map<String, String> settings) {
    return new GatewayFixture(
        KAFKA.broker().bootstrapServers(),
        dir,
        SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
        settings);
  }

  /**
   * A status and a file put, {@code count} times: file commands go through the outage with API
   * commands, each put starting while the status before it runs in FreeSWITCH.
   */
  private static List<Command> send(CommandBus bus, GatewayFixture f, int count) throws Exception {
    List<Command> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Command status = CommandBus.api(f.node, "status");
      Command put = CommandBus.put(f.node, "sip_profiles/external/gw" + i + ".xml");
      bus.send(status);
      bus.send(put);
      sent.add(status);
      sent.add(put);
    }
    return sent;
  }

  /** Each command answered OK, and only once, even after the gateway had time to answer again. */
  private static void assertAnsweredOnce(CommandBus bus, List<Command> commands) throws Exception {
    for (Command command : commands) {
      CommandResult result = bus.resultOf(command.id());
      assertEquals(CommandResult.Status.OK, result.status(), result.error());
    }
    Thread.sleep(2000);
    for (Command command : commands) {
      assertEquals(1, bus.resultsOf(command.id()).size(), "results of " + command.id());
    }
  }

  private static String readiness(GatewayFixture f) {
    try {
      return f.management("/health/ready").body();
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void commandsSentThroughAnOutageLongerThanTheApiTimeoutGetExactlyOneResultEach(@TempDir Path dir)
      throws Exception {
    try (GatewayFixture f =
            gateway(
                dir,
                Map.of(
                    "KAFKA_DEFAULT_API_TIMEOUT_MS",
                    "3000",
                    "KAFKA_REQUEST_TIMEOUT_MS",
                    "2000",
                    "FS_FILE_COMMANDS",
                    "on"));
        CommandBus bus = new CommandBus(KAFKA.broker().directBootstrapServers())) {
      f.awaitConnected();
      Await.until(
          () -> readiness(f).contains("\"command-follower\":\"UP\""), "the command follower up");
      assertTrue(readiness(f).contains("\"command-journal\":\"UP\""), readiness(f));
      List<Command> commands = send(bus, f, 10);
      KAFKA.broker().cut();
      commands.addAll(send(bus, f, 10));
      Await.until(
          () -> readiness(f).contains("\"command-follower\":\"DOWN\""),
          "not ready while the commands cannot be followed",
          Duration.ofSeconds(30));
      Thread.sleep(4000);
      assertEquals(503, f.management("/health/ready").statusCode(), "past the API timeout");

      KAFKA.broker().restore();
      assertAnsweredOnce(bus, commands);
      Await.until(
          () -> readiness(f).contains("\"command-follower\":\"UP\""),
          "following again",
          Duration.ofSeconds(30));
      assertAnsweredOnce(bus, send(bus, f, 1));
    }
  }

  @Test
  void jobsOutlastingTheMaxPollIntervalKeepTheFollowerAndAreAnsweredOnce(@TempDir Path dir)
      throws Exception {
    try (GatewayFixture f =
            gateway(
                dir,
                Map.of(
                    "KAFKA_MAX_POLL_INTERVAL_MS",
                    "2000",
                    "ESL_JOB_TIMEOUT",
                    "30s",
                    "FS_FILE_COMMANDS",
                    "on"));
        CommandBus bus = new CommandBus(KAFKA.broker().directBootstrapServers())) {
      f.awaitConnected();
      f.fs.freeze();
      List<Command> slow = send(bus, f, 3);
      // Three times the poll interval: a follower that waited for the handler without polling
      // would be out of its group now, and its commit would fail.
      Thread.sleep(6000);
      f.fs.thaw();
      assertAnsweredOnce(bus, slow);
      assertAnsweredOnce(bus, send(bus, f, 2));
      assertTrue(
          f.metrics().matches("(?s).*switchboard_gateway_kafka_follower_up\\{[^}]*\\} 1\\.0.*"),
          "the follower still follows");
    }
  }
}
