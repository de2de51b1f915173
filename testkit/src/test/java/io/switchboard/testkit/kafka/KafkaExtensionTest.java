package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

@ExtendWith(KafkaExtension.class)
class KafkaExtensionTest {

  private final KafkaBroker constructorBroker;

  KafkaExtensionTest(KafkaBroker kafka) {
    this.constructorBroker = kafka;
  }

  @Test
  void recordsRoundTripWithKeysAndPerKeyOrder(KafkaBroker kafka) throws Exception {
    String topic = "kit-round-trip";
    kafka.createTopic(topic, 3, false);
    int keys = 10;
    int perKey = 50;
    try (var producer = Clients.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < perKey; i++) {
        for (int k = 0; k < keys; k++) {
          producer.send(new ProducerRecord<>(topic, "key-" + k, "key-" + k + "/" + i));
        }
      }
      producer.flush();
    }

    List<ConsumerRecord<String, String>> records =
        Clients.consumeFromStart(kafka.bootstrapServers(), topic, keys * perKey);

    Map<String, List<String>> byKey = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
      Integer earlier = partitionOfKey.putIfAbsent(record.key(), record.partition());
      assertTrue(
          earlier == null || earlier == record.partition(),
          "key " + record.key() + " in two partitions");
    }
    assertEquals(keys, byKey.size());
    for (int k = 0; k < keys; k++) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perKey; i++) {
        expected.add("key-" + k + "/" + i);
      }
      assertEquals(expected, byKey.get("key-" + k), "values of key-" + k + " in send order");
    }
    assertTrue(
        partitionOfKey.values().stream().distinct().count() > 1,
        "ten keys should spread over three partitions");
  }

  @Test
  void compactedTopicHasCompactCleanupPolicy(KafkaBroker kafka) throws Exception {
    kafka.createTopic("kit-compacted", 1, true);
    kafka.createTopic("kit-deleted", 1, false);

    assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(kafka, "kit-compacted"));
    assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, cleanupPolicy(kafka, "kit-deleted"));
  }

  @Test
  void creatingAnExistingTopicAgainIsFineButNotWithOtherSettings(KafkaBroker kafka) {
    kafka.createTopic("kit-twice", 2, true);
    kafka.createTopic("kit-twice", 2, true);

    IllegalStateException morePartitions =
        assertThrows(IllegalStateException.class, () -> kafka.createTopic("kit-twice", 4, true));
    assertTrue(
        morePartitions.getMessage().contains("kit-twice already exists with 2 partition(s)"),
        morePartitions.getMessage());
    IllegalStateException notCompacted =
        assertThrows(IllegalStateException.class, () -> kafka.createTopic("kit-twice", 2, false));
    assertTrue(
        notCompacted
            .getMessage()
            .contains("cleanup.policy=compact; asked for 2 partition(s) and cleanup.policy=delete"),
        notCompacted.getMessage());
  }

  @Test
  void rejectsBadTopicArguments(KafkaBroker kafka) {
    assertThrows(IllegalArgumentException.class, () -> kafka.createTopic(" ", 1, false));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> kafka.createTopic("kit-zero", 0, false));
    assertTrue(zero.getMessage().contains("kit-zero"), zero.getMessage());
  }

  @Test
  void oneBrokerPerJvmChosenByTheSelectionRules(KafkaBroker kafka) {
    assertSame(constructorBroker, kafka);
    String external =
        System.getProperty(
            KafkaBrokers.BOOTSTRAP_SERVERS, System.getenv(KafkaBrokers.BOOTSTRAP_SERVERS));
    String expected =
        external != null && !external.isBlank()
            ? "external"
            : DockerClientFactory.instance().isDockerAvailable() ? "testcontainers" : "in-process";
    assertEquals(expected, kafka.kind());
  }

  private static String cleanupPolicy(KafkaBroker kafka, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
  }
}
