package io.switchboard.gateway;

import static io.switchboard.gateway.GatewaySettings.ALLOWLIST;
import static io.switchboard.gateway.GatewaySettings.COMMAND_MAX_LIFETIME;
import static io.switchboard.gateway.GatewaySettings.COMMAND_REPLY_MAX_BYTES;
import static io.switchboard.gateway.GatewaySettings.COMMAND_SEAL_KEY;
import static io.switchboard.gateway.GatewaySettings.COMMAND_TIMEOUT;
import static io.switchboard.gateway.GatewaySettings.DATA_DIR;
import static io.switchboard.gateway.GatewaySettings.DEAD_LETTER_MAX_BYTES;
import static io.switchboard.gateway.GatewaySettings.ESL_EVENTS;
import static io.switchboard.gateway.GatewaySettings.ESL_EVENT_FORMAT;
import static io.switchboard.gateway.GatewaySettings.ESL_URL;
import static io.switchboard.gateway.GatewaySettings.FILES_MAX_BYTES;
import static io.switchboard.gateway.GatewaySettings.FILES_SPARE;
import static io.switchboard.gateway.GatewaySettings.FILE_COMMANDS;
import static io.switchboard.gateway.GatewaySettings.FILE_FOLDERS;
import static io.switchboard.gateway.GatewaySettings.FILE_MAX_BYTES;
import static io.switchboard.gateway.GatewaySettings.FS_CONF_DIR;
import static io.switchboard.gateway.GatewaySettings.HEARTBEAT_INTERVAL;
import static io.switchboard.gateway.GatewaySettings.HTTP_HOST;
import static io.switchboard.gateway.GatewaySettings.HTTP_PORT;
import static io.switchboard.gateway.GatewaySettings.JOB_TIMEOUT;
import static io.switchboard.gateway.GatewaySettings.NODE_ID;
import static io.switchboard.gateway.GatewaySettings.NODE_STATE_INTERVAL;
import static io.switchboard.gateway.GatewaySettings.PRODUCER_MAX_REQUEST_SIZE;
import static io.switchboard.gateway.GatewaySettings.QUEUE_CAPACITY;
import static io.switchboard.gateway.GatewaySettings.RECONNECT_MAX;
import static io.switchboard.gateway.GatewaySettings.RECONNECT_MIN;
import static io.switchboard.gateway.GatewaySettings.RECONNECT_RESET_AFTER;
import static io.switchboard.gateway.GatewaySettings.RECORDINGS_DIR;
import static io.switchboard.gateway.GatewaySettings.SPOOL_MAX_BYTES;
import static io.switchboard.gateway.GatewaySettings.SPOOL_SEGMENT_BYTES;
import static io.switchboard.gateway.GatewaySettings.SUBSCRIPTION_RETRY;
import static io.switchboard.gateway.GatewaySettings.TOPIC_MAX_MESSAGE_BYTES;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import io.switchboard.esl.EslUrl;
import io.switchboard.esl.EventFormat;
import io.switchboard.gateway.socket.ConfiguredSocket;
import io.switchboard.gateway.socket.ReconnectPolicy;
import io.switchboard.security.SecretSealer;
import io.switchboard.service.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway is told, read by name from its declared settings ({@link GatewaySettings}), with
 * the values that need more than a parse (the sockets, the event format) built once.
 */
public final class GatewayConfig {
  private final Settings settings;
  private final ServiceSettings service;
  private final List<ConfiguredSocket> sockets;
  private final EventFormat eventFormat;
  private final Optional<SecretSealer> commandOpener;

  private GatewayConfig(Settings settings) {
    this.settings = settings;
    this.service = ServiceSettings.from(settings);
    this.sockets = sockets(settings.get(ESL_URL));
    this.eventFormat = EventFormat.parse(settings.get(ESL_EVENT_FORMAT));
    List<String> sealKeys = settings.get(COMMAND_SEAL_KEY);
    // Built here so that a key that is not base64 of an AES key's length stops the start.
    this.commandOpener =
        sealKeys.isEmpty()
            ? Optional.empty()
            : Optional.of(SecretSealer.fromKeys(COMMAND_SEAL_KEY.name(), sealKeys));
  }

  public static GatewayConfig from(Settings settings) {
    return new GatewayConfig(settings);
  }

  /** Reads the declared settings from {@code config}: tests, the demo, the benchmarks. */
  public static GatewayConfig from(Config config) {
    return from(Settings.read(config, GatewaySettings.ALL));
  }

  private static List<ConfiguredSocket> sockets(List<String> urls) {
    List<ConfiguredSocket> sockets = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        sockets.add(new ConfiguredSocket(Integer.toString(i), EslUrl.parse(urls.get(i))));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((i == 0 ? "ESL_URL" : "ESL_URL_" + i) + ": " + e.getMessage());
      }
    }
    return List.copyOf(sockets);
  }

  /** Kafka, topic names, the management port and the admin token. */
  public ServiceSettings service() {
    return service;
  }

  public String nodeId() {
    return settings.get(NODE_ID);
  }

  public List<ConfiguredSocket> sockets() {
    return sockets;
  }

  public List<String> events() {
    return settings.get(ESL_EVENTS);
  }

  public EventFormat eventFormat() {
    return eventFormat;
  }

  public String httpHost() {
    return settings.get(HTTP_HOST);
  }

  public int httpPort() {
    return settings.get(HTTP_PORT);
  }

  public Optional<Path> fsConfDir() {
    return settings.optional(FS_CONF_DIR);
  }

  public boolean fileCommands() {
    return settings.get(FILE_COMMANDS);
  }

  public List<String> fileFolders() {
    return settings.get(FILE_FOLDERS);
  }

  public long fileMaxBytes() {
    return settings.get(FILE_MAX_BYTES);
  }

  public long filesMaxBytes() {
    return settings.get(FILES_MAX_BYTES);
  }

  public int filesSpare() {
    return settings.get(FILES_SPARE);
  }

  /** Opens sealed file contents ({@code COMMAND_SEAL_KEY}); empty when no key is set. */
  public Optional<SecretSealer> commandOpener() {
    return commandOpener;
  }

  public Optional<Path> recordingsDir() {
    return settings.optional(RECORDINGS_DIR).filter(s -> !s.isBlank()).map(Path::of);
  }

  public List<String> allowlist() {
    return settings.get(ALLOWLIST);
  }

  public Duration commandMaxLifetime() {
    return settings.get(COMMAND_MAX_LIFETIME);
  }

  public int commandReplyMaxBytes() {
    return settings.get(COMMAND_REPLY_MAX_BYTES).intValue();
  }

  public Path dataDir() {
    return settings.get(DATA_DIR);
  }

  public Path spoolDir() {
    return dataDir().resolve("spool");
  }

  /** Events larger than Kafka takes, one file each (see docs/operations.md). */
  public Path deadLetterDir() {
    return spoolDir().resolve("dead-letter");
  }

  public long spoolMaxBytes() {
    return settings.get(SPOOL_MAX_BYTES);
  }

  public long spoolSegmentBytes() {
    return settings.get(SPOOL_SEGMENT_BYTES);
  }

  public int queueCapacity() {
    return settings.get(QUEUE_CAPACITY);
  }

  public int kafkaMaxRequestSize() {
    return settings.get(PRODUCER_MAX_REQUEST_SIZE).intValue();
  }

  public int topicMaxMessageBytes() {
    return settings.get(TOPIC_MAX_MESSAGE_BYTES).intValue();
  }

  public long deadLetterMaxBytes() {
    return settings.get(DEAD_LETTER_MAX_BYTES);
  }

  public Duration heartbeatInterval() {
    return settings.get(HEARTBEAT_INTERVAL);
  }

  public ReconnectPolicy reconnect() {
    return new ReconnectPolicy(
        settings.get(RECONNECT_MIN),
        settings.get(RECONNECT_MAX),
        settings.get(RECONNECT_RESET_AFTER));
  }

  public Duration subscriptionRetry() {
    return settings.get(SUBSCRIPTION_RETRY);
  }

  public Duration commandTimeout() {
    return settings.get(COMMAND_TIMEOUT);
  }

  public Duration jobTimeout() {
    return settings.get(JOB_TIMEOUT);
  }

  public Duration nodeStateInterval() {
    return settings.get(NODE_STATE_INTERVAL);
  }

  /** Never prints the event-socket passwords or the admin token. */
  @Override
  public String toString() {
    return "GatewayConfig[" + settings + "]";
  }
}
