package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.JavaMain;
import io.switchboard.testkit.freeswitch.BulkEmission;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.InterruptibleKafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process killed with {@code kill -9} while Kafka is away and its spool over the cap:
 * once every event read had reached the spool, what never reaches Kafka is exactly what the gateway
 * counted as lost before it died (the producer's buffer went with the process).
 */
class KillNineTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA =
      new InterruptibleKafkaExtension(GatewayFixture::createTopics);

  /** A gateway in a process of its own, as deployed: settings from the environment. */
  private static Process startGateway(Map<String, String> settings, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(JavaMain.command(EslGatewayMain.class.getName(), List.of("-Xmx512m")));
    builder.environment().putAll(settings);
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static long metric(int port, String name) {
    try {
      String metrics =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+]+)$").matcher(metrics);
      return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A spool of a few small segments, so that the burst overflows it while Kafka is cut off. */
  private Map<String, String> settings(String node, String eslUrl, int port, Path dir) {
    return Map.of(
        "NODE_ID",
        node,
        "ESL_URL",
        eslUrl,
        "KAFKA_BOOTSTRAP_SERVERS",
        KAFKA.broker().bootstrapServers(),
        "HTTP_HOST",
        "127.0.0.1",
        "HTTP_PORT",
        "0",
        "MANAGEMENT_PORT",
        Integer.toString(port),
        "DATA_DIR",
        dir.resolve("data").toString(),
        "TOPIC_PARTITIONS",
        "3",
        "SPOOL_SEGMENT_BYTES",
        "64k",
        "SPOOL_MAX_BYTES",
        "256k");
  }

  @Test
  void afterAKillNineTheEventsThatNeverReachKafkaAreExactlyThoseCountedAsLost(@TempDir Path dir)
      throws Exception {
    int count = 20_000;
    String node = "kill-nine";
    int port = freePort();
    try (FreeSwitchSimulator fs =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO))) {
      Map<String, String> settings = settings(node, fs.eslUrl(), port, dir);
      Process first = startGateway(settings, dir.resolve("first.log"));
      long lost;
      try {
        Await.until(
            () -> metric(port, "switchboard_gateway_socket_connected") == 1,
            "the gateway process connected",
            Duration.ofSeconds(60));
        KAFKA.broker().cut();
        assertEquals(
            count,
            fs.emit(BulkEmission.conferenceEvents(count, 512, 0)).get(120, TimeUnit.SECONDS));
        Await.until(
            () ->
                metric(port, "switchboard_gateway_spool_depth_events")
                        + metric(port, "switchboard_gateway_spool_dropped_events_total")
                        + metric(port, "switchboard_gateway_queue_dropped_events_total")
                    == count,
            "every event read is spooled or counted as lost");
        lost =
            metric(port, "switchboard_gateway_spool_dropped_events_total")
                + metric(port, "switchboard_gateway_queue_dropped_events_total");
        // SIGKILL: no shutdown hook, no producer close, no last position write.
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      } finally {
        first.destroyForcibly();
        KAFKA.broker().restore();
      }
      assertTrue(lost > 0 && lost < count, "the spool overflowed: " + lost + " lost");
      Process second = startGateway(settings, dir.resolve("second.log"));
      try (RecordCollector collector =
          new RecordCollector(
              KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        collector.await(r -> node.equals(r.key()), (int) (count - lost), Duration.ofSeconds(120));
        Await.until(
            () -> metric(port, "switchboard_gateway_spool_depth_events") == 0, "spool drained");
        Thread.sleep(1000);
        List<ConsumerRecord<String, byte[]>> records =
            collector.matching(r -> node.equals(r.key()));
        assertEquals(count - lost, records.size(), "published = emitted - counted loss");
        for (int i = 0; i < records.size(); i++) {
          FsEvent event = Json.decode(records.get(i).value(), FsEvent.class);
          assertEquals(Long.toString(lost + i + 1), event.header("Load-Index"), "event " + i);
        }
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
    }
  }
}
