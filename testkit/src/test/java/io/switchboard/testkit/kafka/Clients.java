package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the tests, configured the way our services configure theirs. */
final class Clients {

  static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);

  private Clients() {}

  /**
   * Idempotent, acks=all, and patient enough to wait out an outage instead of dropping records.
   *
   * <p>{@code metadata.recovery.strategy=none}: with Kafka 4's default ({@code rebootstrap}) a
   * producer that finds every broker unreachable throws its cluster metadata away and goes back to
   * the bootstrap servers; until it reaches one again, every {@code send()} blocks in the caller
   * for up to {@code max.block.ms} (60 s) waiting for the topic's partitions, and then fails.
   * Keeping the last metadata lets {@code send()} go on buffering during the outage.
   */
  static KafkaProducer<String, String> producer(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String bootstrapServers, String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Reads exactly {@code count} records of {@code topic} with a fresh consumer group. */
  static List<ConsumerRecord<String, String>> consumeFromStart(
      String bootstrapServers, String topic, int count) {
    try (KafkaConsumer<String, String> consumer =
        consumer(bootstrapServers, "test-" + UUID.randomUUID())) {
      consumer.subscribe(List.of(topic));
      return poll(consumer, count);
    }
  }

  static List<ConsumerRecord<String, String>> poll(
      KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
    while (records.size() < count) {
      if (System.nanoTime() > deadline) {
        fail("got " + records.size() + " of " + count + " records within " + CONSUME_TIMEOUT);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    assertNoMore(consumer);
    return records;
  }

  /** More records than expected would mean duplicates. */
  private static void assertNoMore(KafkaConsumer<String, String> consumer) {
    int extra = consumer.poll(Duration.ofMillis(200)).count();
    if (extra > 0) {
      fail(extra + " record(s) more than expected");
    }
  }
}
