package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.BulkEmission;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.InterruptibleKafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
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
 * A spool over its cap while Kafka is away, then a stop that does not flush (what a crash does to
 * the producer's buffer): the loss the gateway counted is exactly what never reached Kafka.
 */
class SpoolOverflowLossTest {
  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA =
      new InterruptibleKafkaExtension(GatewayFixture::createTopics);

  private static long counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+]+)$").matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(2)) : 0;
  }

  private static long lost(GatewayFixture f) {
    try {
      String metrics = f.metrics();
      return counter(metrics, "switchboard_gateway_spool_dropped_events_total")
          + counter(metrics, "switchboard_gateway_queue_dropped_events_total");
    } catch (Exception e) {
      throw new IllegalStateException("metrics unreadable", e);
    }
  }

  @Test
  void theCountedLossEqualsWhatNeverReachedKafkaEvenForEventsTheProducerHeld(@TempDir Path dir)
      throws Exception {
    int count = 20_000;
    try (GatewayFixture f =
        new GatewayFixture(
            KAFKA.broker().bootstrapServers(),
            dir,
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
            Map.of("SPOOL_SEGMENT_BYTES", "64k", "SPOOL_MAX_BYTES", "256k"))) {
      f.awaitConnected();
      long lost;
      KAFKA.broker().cut();
      try {
        assertEquals(
            count,
            f.fs.emit(BulkEmission.conferenceEvents(count, 512, 0)).get(120, TimeUnit.SECONDS));
        Await.until(
            () -> f.gateway.spooled() + lost(f) == count, "every event spooled or counted as lost");
        lost = lost(f);
        f.stopGateway();
      } finally {
        KAFKA.broker().restore();
      }
      assertTrue(lost > 0 && lost < count, "the spool overflowed: " + lost + " lost");
      f.startGateway();
      long delivered = count - lost;
      try (RecordCollector collector =
          new RecordCollector(
              KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        collector.await(r -> f.node.equals(r.key()), (int) delivered, Duration.ofSeconds(120));
        Await.until(() -> f.gateway.spooled() == 0, "spool drained");
        Thread.sleep(1000);
        List<ConsumerRecord<String, byte[]>> records =
            collector.matching(r -> f.node.equals(r.key()));
        assertEquals(delivered, records.size(), "published = emitted - counted loss");
        // What survived is the newest, in order: the cap drops the oldest.
        for (int i = 0; i < records.size(); i++) {
          FsEvent event = Json.decode(records.get(i).value(), FsEvent.class);
          assertEquals(Long.toString(lost + i + 1), event.header("Load-Index"), "event " + i);
        }
      }
    }
  }
}
