package io.switchboard.service;

import static io.switchboard.service.CommonSettings.ADMIN_TOKEN;
import static io.switchboard.service.CommonSettings.KAFKA;
import static io.switchboard.service.CommonSettings.MANAGEMENT_HOST;
import static io.switchboard.service.CommonSettings.MANAGEMENT_PORT;
import static io.switchboard.service.CommonSettings.TOPIC_PARTITIONS;
import static io.switchboard.service.CommonSettings.TOPIC_PREFIX;
import static io.switchboard.service.CommonSettings.TOPIC_REPLICATION;

import io.switchboard.bus.TopicNames;
import io.switchboard.config.Settings;
import io.switchboard.kafka.KafkaSettings;
import java.util.Map;
import java.util.Optional;

/** The values of {@link CommonSettings}, typed: what the skeleton and the Kafka plumbing need. */
public record ServiceSettings(
    KafkaSettings kafka,
    TopicNames topics,
    int topicPartitions,
    short topicReplication,
    String managementHost,
    int managementPort,
    Optional<String> adminToken) {

  public static ServiceSettings from(Settings settings) {
    Map<String, String> kafka = settings.optional(KAFKA).orElse(Map.of());
    return new ServiceSettings(
        KafkaSettings.fromPrefixed(kafka),
        new TopicNames(settings.get(TOPIC_PREFIX)),
        settings.get(TOPIC_PARTITIONS),
        settings.get(TOPIC_REPLICATION).shortValue(),
        settings.get(MANAGEMENT_HOST),
        settings.get(MANAGEMENT_PORT),
        settings.optional(ADMIN_TOKEN));
  }

  /** Never prints the admin token or Kafka's properties (SASL settings hold passwords). */
  @Override
  public String toString() {
    return "ServiceSettings[topics="
        + topics
        + ", management="
        + managementHost
        + ":"
        + managementPort
        + ", adminToken="
        + (adminToken.isPresent() ? "(set)" : "(unset)")
        + "]";
  }
}
