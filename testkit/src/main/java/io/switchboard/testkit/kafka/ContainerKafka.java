package io.switchboard.testkit.kafka;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Apache Kafka in a Docker container, used when a Docker engine is reachable.
 *
 * <p>Not exercised on the machine this was written on (it has no Docker engine, so CI takes the
 * in-process path); it follows Testcontainers' documented use of {@code KafkaContainer}.
 */
final class ContainerKafka implements KafkaBroker {

  /** The broker release matching our kafka-clients version. */
  static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.2.0");

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka start() {
    KafkaContainer container =
        new KafkaContainer(IMAGE).withEnv(SingleNodeSettings.containerEnvironment());
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String kind() {
    return "testcontainers";
  }

  @Override
  public void close() {
    container.stop();
  }

  @Override
  public String toString() {
    return "Kafka container " + IMAGE + " at " + bootstrapServers();
  }
}
