package io.switchboard.kafka;

import io.switchboard.bus.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a service needs when they are missing, with compaction where the contract says
 * so. An operator who pre-creates topics (more partitions, replication) is left alone.
 */
public final class TopicAdmin {
  private TopicAdmin() {}

  public static Future<Void> ensure(
      Vertx vertx,
      KafkaSettings settings,
      List<Topics.Spec> specs,
      int partitions,
      short replication) {
    return vertx.executeBlocking(
        () -> {
          ensureBlocking(settings, specs, partitions, replication);
          return null;
        },
        false);
  }

  static void ensureBlocking(
      KafkaSettings settings, List<Topics.Spec> specs, int partitions, short replication)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    try (Admin admin = Admin.create(settings.clientProperties())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topics.Spec spec : specs) {
        if (!existing.contains(spec.name())) {
          NewTopic topic = new NewTopic(spec.name(), partitions, replication);
          if (spec.compacted()) {
            topic.configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          missing.add(topic);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var created : admin.createTopics(missing).values().values()) {
        try {
          created.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // Another service created it between our listing and our request: that is success.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
