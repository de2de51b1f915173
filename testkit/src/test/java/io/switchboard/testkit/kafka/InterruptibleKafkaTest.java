package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outage the gateway must survive: Kafka unreachable for a while, then back, and every event
 * delivered exactly once and in order.
 */
@Timeout(120) // a client that blocks instead of buffering must fail the test, not hang the build
class InterruptibleKafkaTest {

  /** Long enough for the producer to hit its reconnect backoff several times. */
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  private static InterruptibleKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = InterruptibleKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @AfterEach
  void restore() {
    kafka.restore();
  }

  @Test
  void clientsGoThroughTheProxyAndTheDirectPathBypassesIt() {
    assertNotEquals(kafka.bootstrapServers(), kafka.directBootstrapServers());
    assertEquals("in-process", kafka.kind());
  }

  @Test
  void idempotentProducerStallsDuringTheCutAndDeliversEverythingInOrderAfterRestore()
      throws Exception {
    String topic = "outage-producer";
    int records = 10_000;
    kafka.createTopic(topic, 1, false);
    AtomicInteger acknowledged = new AtomicInteger();
    Queue<Exception> failures = new ConcurrentLinkedQueue<>();

    try (KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers())) {
      producer.send(new ProducerRecord<>(topic, "node-1", "before")).get();

      kafka.cut();
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(topic, "node-1", Integer.toString(i)),
            (metadata, error) -> {
              if (error != null) {
                failures.add(error);
              } else {
                acknowledged.incrementAndGet();
              }
            });
      }
      Thread.sleep(OUTAGE.toMillis());

      assertEquals(0, acknowledged.get(), "acknowledged while Kafka was unreachable");
      assertEquals(List.of(), List.copyOf(failures), "records failed instead of waiting for Kafka");
      assertEquals(1, endOffset(topic), "records reached the broker through a cut proxy");

      kafka.restore();
      producer.flush();
    }

    assertEquals(List.of(), List.copyOf(failures));
    assertEquals(records, acknowledged.get());
    List<String> expected = IntStream.range(0, records).mapToObj(Integer::toString).toList();
    List<String> consumed =
        Clients.consumeFromStart(kafka.bootstrapServers(), topic, records + 1).stream()
            .map(ConsumerRecord::value)
            .toList();
    assertEquals("before", consumed.get(0));
    assertEquals(
        expected, consumed.subList(1, consumed.size()), "every record once, in send order");
  }

  @Test
  void consumerGroupGetsNothingDuringTheCutAndResumesWhereItWasAfterRestore() throws Exception {
    String topic = "outage-consumer";
    kafka.createTopic(topic, 1, false);
    try (KafkaProducer<String, String> direct = Clients.producer(kafka.directBootstrapServers());
        KafkaConsumer<String, String> consumer =
            Clients.consumer(kafka.bootstrapServers(), "outage-group")) {
      direct.send(new ProducerRecord<>(topic, "room", "0")).get();
      consumer.subscribe(List.of(topic));
      assertEquals("0", Clients.poll(consumer, 1).get(0).value());

      kafka.cut();
      for (int i = 1; i <= 1_000; i++) {
        direct.send(new ProducerRecord<>(topic, "room", Integer.toString(i)));
      }
      direct.flush();
      assertEquals(1_001, endOffset(topic));
      long quietUntil = System.nanoTime() + OUTAGE.toNanos();
      while (System.nanoTime() < quietUntil) {
        assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty(), "consumed through a cut proxy");
      }

      kafka.restore();
      List<String> resumed =
          Clients.poll(consumer, 1_000).stream().map(ConsumerRecord::value).toList();
      assertEquals(IntStream.rangeClosed(1, 1_000).mapToObj(Integer::toString).toList(), resumed);
    }
  }

  private static long endOffset(String topic) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.directBootstrapServers()))) {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get()
          .offset();
    }
  }
}
