package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that authenticates and subscribes the gateway, then fails at once, must not be hammered:
 * the backoff grows until a connection has stayed up.
 */
@ExtendWith(KafkaExtension.class)
class ReconnectBackoffTest {
  /** The notice FreeSWITCH sends a listener it ends (mod_event_socket.c:648 and :2824). */
  private static final String DISCONNECT_NOTICE_BODY =
      "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

  private static final Pattern ATTEMPTS =
      Pattern.compile(
          "switchboard_gateway_socket_reconnect_attempts\\{[^}]*socket=\"0\"[^}]*} ([0-9.]+)");

  private Vertx vertx;
  private NetServer peer;
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Accepts auth and every subscription, then answers the first api call with {@code ending}. */
  private int startBrokenPeer(String ending) throws Exception {
    peer =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  connections.incrementAndGet();
                  socket.write("Content-Type: auth/request\n\n");
                  RecordParser commands =
                      RecordParser.newDelimited(
                          "\n\n", command -> answer(socket, command.toString(), ending));
                  socket.handler(commands);
                });
    return peer.listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static void answer(NetSocket socket, String command, String ending) {
    if (command.startsWith("api ")) {
      socket.write(Buffer.buffer(ending)).onComplete(v -> socket.close());
    } else {
      socket.write("Content-Type: command/reply\nReply-Text: +OK\n\n");
    }
  }

  private static double attempts(GatewayFixture f) {
    String metrics;
    try {
      metrics = f.metrics();
    } catch (Exception e) {
      throw new IllegalStateException("metrics unreadable", e);
    }
    Matcher m = ATTEMPTS.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private void assertBackoffKeepsGrowing(KafkaBroker broker, Path dir, String ending)
      throws Exception {
    int port = startBrokenPeer(ending);
    try (GatewayFixture f =
        new GatewayFixture(
            broker.bootstrapServers(),
            dir,
            SimulatorOptions.defaults(),
            Map.of(
                "ESL_URL",
                "fs://:ClueCon@127.0.0.1:" + port,
                "RECONNECT_MIN",
                "20ms",
                "RECONNECT_MAX",
                "60s"))) {
      Await.until(() -> connections.get() >= 6, "the gateway came back five times");
      double attempts = attempts(f);
      // Each failed connection was one more attempt; a reset on every login would keep this at 0 or
      // 1.
      assertTrue(
          attempts >= 5, "consecutive attempts after 6 short-lived connections: " + attempts);
    }
  }

  @Test
  void aPeerThatSendsADisconnectNoticeAfterLoginIsRetriedWithGrowingBackoff(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    assertBackoffKeepsGrowing(
        broker,
        dir,
        "Content-Type: text/disconnect-notice\nContent-Length: "
            + DISCONNECT_NOTICE_BODY.length()
            + "\n\n"
            + DISCONNECT_NOTICE_BODY);
  }

  @Test
  void aPeerThatSendsGarbageAfterLoginIsRetriedWithGrowingBackoff(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    assertBackoffKeepsGrowing(
        broker, dir, "Content-Type: api/response\nContent-Length: twelve\n\n");
  }

  @Test
  void aConnectionThatStaysUpBeginsTheBackoffAgain(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (GatewayFixture f =
        new GatewayFixture(
            broker.bootstrapServers(),
            dir,
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
            Map.of("RECONNECT_RESET_AFTER", "300ms"))) {
      f.awaitConnected();
      f.fs.dropConnections();
      Await.until(
          () -> f.fs.connectedClients() == 1 && f.gateway.sockets().all().get(0).connected(),
          "reconnected");
      Await.until(() -> attempts(f) == 0, "attempts begin again after the connection stayed up");
    }
  }
}
