package io.switchboard.service;

import io.switchboard.config.Setting;
import java.util.List;
import java.util.Map;

/** The settings every service understands, declared once. */
public final class CommonSettings {
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      Setting.string("KAFKA_BOOTSTRAP_SERVERS", null, "Kafka brokers, host:port[,host:port...]")
          .required();
  public static final Setting<Map<String, String>> KAFKA =
      Setting.prefix(
              "KAFKA_",
              "any Kafka client property: KAFKA_SECURITY_PROTOCOL becomes security.protocol, and so on (TLS, SASL)")
          .secret();
  public static final Setting<String> TOPIC_PREFIX =
      Setting.string(
              "TOPIC_PREFIX",
              "",
              "put before every topic name and consumer group, so several Switchboards (staging, production) share a "
                  + "Kafka cluster; e.g. `staging.`")
          .matches("[A-Za-z0-9._-]{0,64}", "up to 64 letters, digits, '.', '_' or '-'");
  public static final Setting<Integer> TOPIC_PARTITIONS =
      Setting.integer(
              "TOPIC_PARTITIONS",
              "6",
              "partitions of the topics this service creates when they are missing")
          .atLeast(1);
  public static final Setting<Integer> TOPIC_REPLICATION =
      Setting.integer(
              "TOPIC_REPLICATION", "1", "replication factor of the topics this service creates")
          .between(1, Short.MAX_VALUE);
  public static final Setting<String> MANAGEMENT_HOST =
      Setting.string(
          "MANAGEMENT_HOST",
          "127.0.0.1",
          "address of the management port (/metrics, /health/live, /health/ready)");
  public static final Setting<Integer> MANAGEMENT_PORT =
      Setting.integer(
              "MANAGEMENT_PORT",
              "9400",
              "management port: /metrics, /health/live, /health/ready, never on a public port; 0 picks a free one")
          .between(0, 65535);
  public static final Setting<String> ADMIN_TOKEN =
      Setting.string(
              "ADMIN_TOKEN",
              null,
              "bearer token of the admin API; without it the admin API answers 503")
          .secret();

  /** Kafka and the management port: what a service declares before its own settings. */
  public static final List<Setting<?>> ALL =
      List.of(
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA,
          TOPIC_PREFIX,
          TOPIC_PARTITIONS,
          TOPIC_REPLICATION,
          MANAGEMENT_HOST,
          MANAGEMENT_PORT,
          ADMIN_TOKEN);

  private CommonSettings() {}
}
