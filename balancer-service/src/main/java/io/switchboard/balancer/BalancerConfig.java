package io.switchboard.balancer;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.balancer.security.SecretSealer;
import io.switchboard.balancer.state.StateTopics;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.kafka.KafkaSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the balancer is told, read from a {@link Config} (defaults, then --config FILE, then
 * the environment). Each key is documented in docs/balancer.md.
 *
 * @param secrets          BALANCER_SECRET, BALANCER_SECRET_1, ...: all valid at once, for rotation
 * @param sealer           seals BBB server secrets on bbb.servers (BALANCER_STATE_KEY, _1, ... for old keys)
 * @param minYoungLoad     the load a meeting counts at least while younger than youngFor
 * @param honourVoiceBridge whether a client's voiceBridge is kept instead of the balancer's stable one
 * @param topics           the state topics, namespaced by TOPIC_NAMESPACE when set
 */
public record BalancerConfig(KafkaSettings kafka, String httpHost, int httpPort, List<String> secrets,
    Set<ChecksumAlgorithm> checksumAlgorithms, Optional<String> adminToken, SecretSealer sealer, String instanceId,
    Duration pollInterval, Duration pollTimeout, int pollConcurrency, int offlineAfter, int onlineAfter,
    Duration requestTimeout, double minYoungLoad, Duration youngFor, int voiceBridgeDigits, boolean honourVoiceBridge,
    StateTopics topics, int topicPartitions, short topicReplication) {

  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("HTTP_HOST", "0.0.0.0"),
      Map.entry("HTTP_PORT", "8090"),
      Map.entry("BALANCER_CHECKSUM_ALGORITHMS", "sha1,sha256,sha384,sha512"),
      Map.entry("BALANCER_POLL_INTERVAL", "10s"),
      Map.entry("BALANCER_POLL_TIMEOUT", "5s"),
      Map.entry("BALANCER_POLL_CONCURRENCY", "16"),
      Map.entry("BALANCER_OFFLINE_AFTER", "2"),
      Map.entry("BALANCER_ONLINE_AFTER", "2"),
      Map.entry("BALANCER_REQUEST_TIMEOUT", "10s"),
      Map.entry("BALANCER_MIN_YOUNG_LOAD", "1"),
      Map.entry("BALANCER_YOUNG_FOR", "5m"),
      Map.entry("BALANCER_VOICE_BRIDGE_DIGITS", "5"),
      Map.entry("BALANCER_HONOUR_VOICE_BRIDGE", "false"),
      Map.entry("TOPIC_PARTITIONS", "6"),
      Map.entry("TOPIC_REPLICATION", "1"));

  public static BalancerConfig from(Config c) {
    List<String> secrets = c.repeated("BALANCER_SECRET");
    if (secrets.isEmpty()) {
      throw new ConfigException("BALANCER_SECRET is required: the shared secret BBB clients use against the balancer");
    }
    Set<ChecksumAlgorithm> algorithms = EnumSet.noneOf(ChecksumAlgorithm.class);
    for (String name : c.list("BALANCER_CHECKSUM_ALGORITHMS", List.of())) {
      algorithms.add(ChecksumAlgorithm.parse(name).orElseThrow(() -> new ConfigException(
          "BALANCER_CHECKSUM_ALGORITHMS: unknown algorithm '" + name + "' (sha1, sha256, sha384, sha512)")));
    }
    if (algorithms.isEmpty()) {
      throw new ConfigException("BALANCER_CHECKSUM_ALGORITHMS must name at least one of sha1, sha256, sha384, sha512");
    }
    List<String> keys = c.repeated("BALANCER_STATE_KEY");
    if (keys.isEmpty()) {
      throw new ConfigException("BALANCER_STATE_KEY is required: a base64 AES key (16, 24 or 32 bytes) that seals "
          + "BBB server secrets on Kafka, e.g. from `openssl rand -base64 32`");
    }
    SecretSealer sealer = SecretSealer.fromKeys(keys);
    int digits = c.integer("BALANCER_VOICE_BRIDGE_DIGITS");
    if (digits < 4 || digits > 9) {
      throw new ConfigException("BALANCER_VOICE_BRIDGE_DIGITS must be 4..9, got " + digits);
    }
    int partitions = c.integer("TOPIC_PARTITIONS");
    int replication = c.integer("TOPIC_REPLICATION");
    if (partitions < 1 || replication < 1 || replication > Short.MAX_VALUE) {
      throw new ConfigException("TOPIC_PARTITIONS and TOPIC_REPLICATION must be at least 1");
    }
    String namespace = c.string("TOPIC_NAMESPACE", "");
    if (!namespace.matches("[A-Za-z0-9_-]{0,64}")) {
      throw new ConfigException("TOPIC_NAMESPACE must be up to 64 letters, digits, '_' or '-', got '" + namespace + "'");
    }
    int concurrency = c.integer("BALANCER_POLL_CONCURRENCY");
    int offlineAfter = c.integer("BALANCER_OFFLINE_AFTER");
    int onlineAfter = c.integer("BALANCER_ONLINE_AFTER");
    if (concurrency < 1 || offlineAfter < 1 || onlineAfter < 1) {
      throw new ConfigException("BALANCER_POLL_CONCURRENCY, BALANCER_OFFLINE_AFTER and BALANCER_ONLINE_AFTER must be at least 1");
    }
    double minYoung;
    try {
      minYoung = Double.parseDouble(c.string("BALANCER_MIN_YOUNG_LOAD"));
    } catch (NumberFormatException e) {
      throw new ConfigException("BALANCER_MIN_YOUNG_LOAD must be a number, got '" + c.string("BALANCER_MIN_YOUNG_LOAD") + "'");
    }
    return new BalancerConfig(KafkaSettings.from(c), c.string("HTTP_HOST"), c.integer("HTTP_PORT"), secrets,
        Set.copyOf(algorithms), c.optional("ADMIN_TOKEN"), sealer,
        c.string("BALANCER_INSTANCE_ID", "balancer-" + UUID.randomUUID().toString().substring(0, 8)),
        positive(c, "BALANCER_POLL_INTERVAL"), positive(c, "BALANCER_POLL_TIMEOUT"), concurrency, offlineAfter,
        onlineAfter, positive(c, "BALANCER_REQUEST_TIMEOUT"), minYoung, c.duration("BALANCER_YOUNG_FOR", Duration.ZERO),
        digits, c.bool("BALANCER_HONOUR_VOICE_BRIDGE", false), StateTopics.namespaced(namespace), partitions,
        (short) replication);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.duration(key, Duration.ZERO);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(key + " must be a positive duration");
    }
    return d;
  }

  /** Never prints secrets or keys: a record's generated toString would. */
  @Override
  public String toString() {
    return "BalancerConfig[instance=" + instanceId + ", http=" + httpHost + ":" + httpPort + ", secrets="
        + secrets.size() + ", algorithms=" + checksumAlgorithms + "]";
  }
}
