package io.switchboard.testkit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Idempotent topic creation shared by every {@link KafkaBroker}. */
final class TopicCreator {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private TopicCreator() {}

  static void create(String bootstrapServers, String name, int partitions, boolean compacted) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, got " + partitions);
    }
    String policy =
        compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis()))) {
      NewTopic topic =
          new NewTopic(name, Optional.of(partitions), Optional.empty())
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy));
      try {
        admin.createTopics(List.of(topic)).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        requireSameSettings(admin, name, partitions, policy);
      }
      awaitLeaders(admin, name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not create topic " + name + " on " + bootstrapServers, e.getCause());
    }
  }

  private static void requireSameSettings(Admin admin, String name, int partitions, String policy)
      throws ExecutionException, InterruptedException {
    int existingPartitions =
        admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size();
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    String existingPolicy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (existingPartitions != partitions || !existingPolicy.equals(policy)) {
      throw new IllegalStateException(
          "topic "
              + name
              + " already exists with "
              + existingPartitions
              + " partition(s) and cleanup.policy="
              + existingPolicy
              + "; asked for "
              + partitions
              + " partition(s) and cleanup.policy="
              + policy
              + " (was it auto-created by a client before createTopic?)");
    }
  }

  /** The controller acknowledges creation before the broker's metadata cache has the leaders. */
  private static void awaitLeaders(Admin admin, String name)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        if (description.partitions().stream()
            .map(TopicPartitionInfo::leader)
            .allMatch(Objects::nonNull)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "topic " + name + " has partitions without a leader after " + READY_TIMEOUT);
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }
}
