package io.switchboard.testkit.kafka;

import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Chooses the Kafka broker tests run against. */
public final class KafkaBrokers {

  /**
   * Environment variable or system property naming a running broker to use instead of starting one.
   */
  public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokers.class);

  private KafkaBrokers() {}

  /**
   * The broker for tests: the one named by {@value #BOOTSTRAP_SERVERS} (system property first, then
   * environment) if set; otherwise a Testcontainers {@code apache/kafka} broker if a Docker engine
   * is reachable; otherwise an {@link InProcessKafka}. The caller owns the result.
   */
  public static KafkaBroker startForTests() {
    return start(KafkaBrokers::setting, () -> DockerClientFactory.instance().isDockerAvailable());
  }

  static KafkaBroker start(UnaryOperator<String> settings, BooleanSupplier dockerAvailable) {
    String external = settings.apply(BOOTSTRAP_SERVERS);
    KafkaBroker broker;
    if (external != null && !external.isBlank()) {
      broker = new ExternalKafka(external.trim());
    } else if (dockerAvailable.getAsBoolean()) {
      broker = ContainerKafka.start();
    } else {
      LOG.info(
          "No {} and no Docker engine: starting an in-process KRaft broker", BOOTSTRAP_SERVERS);
      broker = InProcessKafka.start();
    }
    LOG.info("Tests use {}", broker);
    return broker;
  }

  private static String setting(String name) {
    String property = System.getProperty(name);
    return property != null ? property : System.getenv(name);
  }
}
