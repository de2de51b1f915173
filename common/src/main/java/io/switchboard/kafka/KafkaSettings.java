package io.switchboard.kafka;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings from configuration: every {@code KAFKA_*} key becomes a client property
 * ({@code KAFKA_BOOTSTRAP_SERVERS} -> {@code bootstrap.servers}, {@code KAFKA_SECURITY_PROTOCOL} ->
 * {@code security.protocol}), so TLS or SASL need no code.
 */
public final class KafkaSettings {
  private final Properties common;

  private KafkaSettings(Properties common) {
    this.common = common;
  }

  public static KafkaSettings from(Config config) {
    return fromPrefixed(config.withPrefix("KAFKA_"));
  }

  /**
   * From the {@code KAFKA_*} keys with the prefix already removed ({@code BOOTSTRAP_SERVERS} ...).
   */
  public static KafkaSettings fromPrefixed(Map<String, String> keys) {
    Properties props = new Properties();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      props.put(e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
    }
    if (!props.containsKey("bootstrap.servers")) {
      throw new ConfigException("KAFKA_BOOTSTRAP_SERVERS is required but not set");
    }
    return new KafkaSettings(props);
  }

  public static KafkaSettings of(String bootstrapServers) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    return new KafkaSettings(props);
  }

  public String bootstrapServers() {
    return common.getProperty("bootstrap.servers");
  }

  /**
   * How long a consumer call that talks to the broker (a commit, an offset look-up) may take: the
   * client's {@code default.api.timeout.ms}, 60 s unless set.
   */
  public long consumerTimeoutMs() {
    return Long.parseLong(common.getProperty("default.api.timeout.ms", "60000"));
  }

  /** Properties for an AdminClient and anything else that needs only the connection settings. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.putAll(common);
    return props;
  }

  /**
   * A producer that never loses or reorders an acknowledged record: acks from every in-sync
   * replica, idempotence (retries cannot duplicate or reorder within a partition).
   */
  public Properties reliableProducer(String clientId) {
    Properties props = clientProperties();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
    // With Kafka 4's default (rebootstrap) a producer drops its metadata when no broker answers
    // and then blocks every send() until a rebootstrap, minutes later: keep the known brokers and
    // keep buffering instead, so an outage only delays delivery.
    props.putIfAbsent(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }

  /**
   * A consumer of string keys and byte values. With a group id it commits offsets itself (after the
   * handler has finished with a batch); without one it reads by assignment.
   */
  public Properties consumer(String clientId, String groupId, String offsetReset) {
    Properties props = clientProperties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (groupId != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}
