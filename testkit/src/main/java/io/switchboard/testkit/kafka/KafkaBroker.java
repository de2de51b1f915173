package io.switchboard.testkit.kafka;

/**
 * A running Kafka broker that clients reach at {@link #bootstrapServers()}.
 *
 * <p>Tests get one through {@link KafkaExtension} (shared per JVM, chosen by {@link KafkaBrokers});
 * the demo and benchmarks start an {@link EmbeddedKafka}; fault-injection tests start an {@link
 * InterruptibleKafka}. Closing stops the broker if this object started it.
 */
public interface KafkaBroker extends AutoCloseable {

  /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:9092}. */
  String bootstrapServers();

  /**
   * Creates a topic with the broker's default replication factor and waits until every partition
   * has a leader, so that the first produce does not race the metadata. A topic that already exists
   * with the same partition count and cleanup policy is fine; one that exists with different
   * settings is an error, because a test relying on those settings would otherwise pass or fail for
   * the wrong reason.
   *
   * @param compacted {@code cleanup.policy=compact} when true, {@code delete} otherwise
   * @throws IllegalArgumentException for a blank name or fewer than one partition
   * @throws IllegalStateException if the topic exists with other settings or cannot be created
   */
  default void createTopic(String name, int partitions, boolean compacted) {
    TopicCreator.create(bootstrapServers(), name, partitions, compacted);
  }

  /**
   * Where the broker runs: {@code "external"}, {@code "testcontainers"} or {@code "in-process"}.
   */
  String kind();

  /** Stops the broker if this object owns it; never throws a checked exception. */
  @Override
  void close();
}
