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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kafka goes away while FreeSWITCH keeps talking: nothing is lost, nothing is reordered. */
class KafkaOutageTest {
  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA =
      new InterruptibleKafkaExtension(GatewayFixture::createTopics);

  private static void assertInOrder(List<ConsumerRecord<String, byte[]>> records, int count) {
    assertEquals(count, records.size());
    for (int i = 0; i < count; i++) {
      FsEvent event = Json.decode(records.get(i).value(), FsEvent.class);
      assertEquals(
          Integer.toString(i + 1), event.header("Load-Index"), "event " + i + " out of order");
    }
  }

  @Test
  void fiftyThousandEventsDuringAnOutageAllArriveInOrder(@TempDir Path dir) throws Exception {
    int count = 50_000;
    try (GatewayFixture f = new GatewayFixture(KAFKA.broker().bootstrapServers(), dir)) {
      f.awaitConnected();
      KAFKA.broker().cut();
      long fired =
          f.fs.emit(BulkEmission.conferenceEvents(count, 1024, 0)).get(120, TimeUnit.SECONDS);
      assertEquals(count, fired);
      Await.until(() -> f.gateway.spooled() >= count, "all events spooled while Kafka is away");
      assertEquals(0, f.fs.lostEvents(), "the gateway kept reading: FreeSWITCH lost nothing");
      KAFKA.broker().restore();
      try (RecordCollector collector =
          new RecordCollector(
              KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        List<ConsumerRecord<String, byte[]>> records =
            collector.await(r -> f.node.equals(r.key()), count, Duration.ofSeconds(120));
        Thread.sleep(500);
        assertInOrder(collector.matching(r -> f.node.equals(r.key())), count);
        assertEquals(count, records.size());
      }
      Await.until(() -> f.gateway.spooled() == 0, "spool drained");
    }
  }

  @Test
  void aFullProducerBufferWhileKafkaIsAwayIsWaitedOutWithoutRestartingTheProducer(@TempDir Path dir)
      throws Exception {
    int count = 5_000;
    // A 256 KiB buffer that send() waits 200 ms for: BufferExhaustedException many times over.
    try (GatewayFixture f =
        new GatewayFixture(
            KAFKA.broker().bootstrapServers(),
            dir,
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
            Map.of("KAFKA_BUFFER_MEMORY", "262144", "KAFKA_MAX_BLOCK_MS", "200"))) {
      f.awaitConnected();
      KAFKA.broker().cut();
      try {
        f.fs.emit(BulkEmission.conferenceEvents(count, 1024, 0)).get(60, TimeUnit.SECONDS);
        Await.until(() -> f.gateway.spooled() >= count, "spooled");
        Thread.sleep(1000);
      } finally {
        KAFKA.broker().restore();
      }
      try (RecordCollector collector =
          new RecordCollector(
              KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        collector.await(r -> f.node.equals(r.key()), count, Duration.ofSeconds(60));
        Thread.sleep(500);
        assertInOrder(collector.matching(r -> f.node.equals(r.key())), count);
      }
      String metrics = f.metrics();
      assertTrue(
          metrics.matches("(?s).*\nswitchboard_gateway_producer_restarts_total\\{[^}]*} 0\\.0\n.*"),
          "back-pressure is not a producer failure: "
              + metrics.lines().filter(l -> l.contains("producer_restarts")).toList());
    }
  }

  @Test
  void aGatewayRestartLosesNothingThatWasSpooled(@TempDir Path dir) throws Exception {
    int count = 5_000;
    try (GatewayFixture f = new GatewayFixture(KAFKA.broker().bootstrapServers(), dir)) {
      f.awaitConnected();
      KAFKA.broker().cut();
      f.fs.emit(BulkEmission.conferenceEvents(count, 512, 0)).get(60, TimeUnit.SECONDS);
      Await.until(() -> f.gateway.spooled() >= count, "spooled");
      f.stopGateway();
      KAFKA.broker().restore();
      f.startGateway();
      try (RecordCollector collector =
          new RecordCollector(
              KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        collector.await(r -> f.node.equals(r.key()), count, Duration.ofSeconds(60));
        Thread.sleep(500);
        List<ConsumerRecord<String, byte[]>> records =
            collector.matching(r -> f.node.equals(r.key()));
        assertInOrder(records, count);
      }
      assertTrue(f.metrics().contains("switchboard_gateway_spool_depth_events"));
    }
  }
}
