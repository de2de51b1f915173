package io.switchboard.testkit.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Broker settings for a cluster of one: every internal topic with replication factor 1 (the
 * defaults of 3 cannot be satisfied and would make consumer groups and transactions hang), one
 * partition for the internal topics and no initial rebalance delay so that the first consumer group
 * is ready in milliseconds instead of seconds.
 */
final class SingleNodeSettings {

  private static final Map<String, String> BROKER_PROPERTIES =
      Map.ofEntries(
          Map.entry("offsets.topic.replication.factor", "1"),
          Map.entry("offsets.topic.num.partitions", "1"),
          Map.entry("transaction.state.log.replication.factor", "1"),
          Map.entry("transaction.state.log.min.isr", "1"),
          Map.entry("transaction.state.log.num.partitions", "1"),
          Map.entry("share.coordinator.state.topic.replication.factor", "1"),
          Map.entry("share.coordinator.state.topic.min.isr", "1"),
          Map.entry("default.replication.factor", "1"),
          Map.entry("min.insync.replicas", "1"),
          Map.entry("group.initial.rebalance.delay.ms", "0"),
          Map.entry("auto.create.topics.enable", "true"));

  private SingleNodeSettings() {}

  static Map<String, String> brokerProperties() {
    return BROKER_PROPERTIES;
  }

  /**
   * The same settings in the form the {@code apache/kafka} image reads: {@code
   * KAFKA_OFFSETS_TOPIC_...}.
   */
  static Map<String, String> containerEnvironment() {
    Map<String, String> env = new TreeMap<>();
    BROKER_PROPERTIES.forEach(
        (key, value) -> env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
    return env;
  }
}
