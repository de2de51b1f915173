package io.switchboard.gateway;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.esl.EslUrl;
import io.switchboard.esl.EventFormat;
import io.switchboard.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gateway is told, read from a {@link Config} (defaults, then --config FILE, then
 * the environment). Each key is documented in docs/operations.md.
 *
 * @param sockets   ESL_URL, ESL_URL_1, ... in that order; socket ids "0", "1", ...
 * @param events    what every socket subscribes to (names; subclasses contain "::")
 * @param fsConfDir the FreeSWITCH configuration folder file commands may write in; empty disables them
 */
public record GatewayConfig(String nodeId, List<Socket> sockets, List<String> events, EventFormat eventFormat,
    KafkaSettings kafka, String httpHost, int httpPort, Optional<String> adminToken, Optional<Path> fsConfDir,
    long fileMaxBytes, Path dataDir, long spoolMaxBytes, long spoolSegmentBytes, int queueCapacity,
    Duration heartbeatInterval, Duration reconnectMin, Duration reconnectMax, Duration subscriptionRetry,
    Duration commandTimeout, Duration jobTimeout, Duration nodeStateInterval, List<String> allowlist,
    int topicPartitions, short topicReplication, int kafkaMaxRequestSize, int topicMaxMessageBytes,
    long deadLetterMaxBytes, Duration reconnectResetAfter) {

  /** One configured event socket. */
  public record Socket(String id, EslUrl url) { }

  public static final List<String> DEFAULT_EVENTS = List.of("conference::maintenance", "sofia::gateway_state",
      "sofia::gateway_add", "sofia::gateway_delete", "RELOADXML", "HEARTBEAT", "BACKGROUND_JOB");

  /** Defaults beside each name (b3scale's habit): what a fresh node gets. */
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("HTTP_HOST", "0.0.0.0"),
      Map.entry("HTTP_PORT", "8081"),
      Map.entry("ESL_EVENTS", String.join(",", DEFAULT_EVENTS)),
      Map.entry("ESL_EVENT_FORMAT", "plain"),
      Map.entry("DATA_DIR", "data/esl-gateway"),
      Map.entry("SPOOL_MAX_BYTES", "1g"),
      Map.entry("SPOOL_SEGMENT_BYTES", "64m"),
      Map.entry("SPOOL_QUEUE_CAPACITY", "65536"),
      Map.entry("FS_FILE_MAX_BYTES", "1m"),
      Map.entry("FS_HEARTBEAT_INTERVAL", "20s"),
      Map.entry("RECONNECT_MIN", "500ms"),
      Map.entry("RECONNECT_MAX", "30s"),
      Map.entry("SUBSCRIPTION_RETRY", "10s"),
      Map.entry("ESL_COMMAND_TIMEOUT", "10s"),
      Map.entry("ESL_JOB_TIMEOUT", "60s"),
      Map.entry("NODE_STATE_INTERVAL", "30s"),
      Map.entry("COMMAND_ALLOWLIST", String.join(",", CommandDefaults.ALLOWLIST)),
      Map.entry("TOPIC_PARTITIONS", "6"),
      Map.entry("TOPIC_REPLICATION", "1"),
      Map.entry("PRODUCER_MAX_REQUEST_SIZE", "1m"),
      Map.entry("TOPIC_MAX_MESSAGE_BYTES", "1048588"),
      Map.entry("DEAD_LETTER_MAX_BYTES", "256m"),
      Map.entry("RECONNECT_RESET_AFTER", "10s"));

  public static GatewayConfig from(Config c) {
    String node = c.string("NODE_ID");
    if (!node.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new ConfigException("NODE_ID must be 1-128 letters, digits, '.', '_' or '-', got '" + node + "'");
    }
    List<String> urls = c.repeated("ESL_URL");
    if (urls.isEmpty()) {
      throw new ConfigException("ESL_URL is required: fs://[user:]password@host[:port][?Event1,Event2]");
    }
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        sockets.add(new Socket(Integer.toString(i), EslUrl.parse(urls.get(i))));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((i == 0 ? "ESL_URL" : "ESL_URL_" + i) + ": " + e.getMessage());
      }
    }
    EventFormat format;
    try {
      format = EventFormat.parse(c.string("ESL_EVENT_FORMAT"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("ESL_EVENT_FORMAT: " + e.getMessage());
    }
    int partitions = c.integer("TOPIC_PARTITIONS");
    int replication = c.integer("TOPIC_REPLICATION");
    if (partitions < 1 || replication < 1 || replication > Short.MAX_VALUE) {
      throw new ConfigException("TOPIC_PARTITIONS and TOPIC_REPLICATION must be at least 1");
    }
    long maxRequest = c.bytes("PRODUCER_MAX_REQUEST_SIZE", 1 << 20);
    long topicMax = c.bytes("TOPIC_MAX_MESSAGE_BYTES", 1048588);
    if (maxRequest < 1024 || maxRequest > Integer.MAX_VALUE || topicMax < 1024 || topicMax > Integer.MAX_VALUE) {
      throw new ConfigException("PRODUCER_MAX_REQUEST_SIZE and TOPIC_MAX_MESSAGE_BYTES must be between 1k and 2g, got "
          + maxRequest + " and " + topicMax);
    }
    return new GatewayConfig(node, List.copyOf(sockets), c.list("ESL_EVENTS", DEFAULT_EVENTS), format,
        KafkaSettings.from(c), c.string("HTTP_HOST"), c.integer("HTTP_PORT"), c.optional("ADMIN_TOKEN"),
        c.optional("FS_CONF_DIR").map(Path::of), c.bytes("FS_FILE_MAX_BYTES", 1 << 20), Path.of(c.string("DATA_DIR")),
        c.bytes("SPOOL_MAX_BYTES", 1L << 30), c.bytes("SPOOL_SEGMENT_BYTES", 64L << 20),
        c.integer("SPOOL_QUEUE_CAPACITY"), c.duration("FS_HEARTBEAT_INTERVAL", Duration.ofSeconds(20)),
        c.duration("RECONNECT_MIN", Duration.ofMillis(500)), c.duration("RECONNECT_MAX", Duration.ofSeconds(30)),
        c.duration("SUBSCRIPTION_RETRY", Duration.ofSeconds(10)), c.duration("ESL_COMMAND_TIMEOUT", Duration.ofSeconds(10)),
        c.duration("ESL_JOB_TIMEOUT", Duration.ofSeconds(60)), c.duration("NODE_STATE_INTERVAL", Duration.ofSeconds(30)),
        c.list("COMMAND_ALLOWLIST", CommandDefaults.ALLOWLIST), partitions, (short) replication, (int) maxRequest,
        (int) topicMax, c.bytes("DEAD_LETTER_MAX_BYTES", 256L << 20),
        c.duration("RECONNECT_RESET_AFTER", Duration.ofSeconds(10)));
  }

  public Path spoolDir() {
    return dataDir.resolve("spool");
  }

  /** Events larger than Kafka takes, one file each (see docs/operations.md). */
  public Path deadLetterDir() {
    return spoolDir().resolve("dead-letter");
  }
}
