package io.switchboard.provisioning.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.bus.Json;
import io.switchboard.bus.ProvisioningChange;
import io.switchboard.kafka.TopicWriter;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.node.NodeAnswer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every change on {@code provisioning.changes}: file names and each node's answer, never
 * a file's content (it holds passwords).
 */
public final class ChangeJournal {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeJournal.class);

  private final Vertx vertx;
  private final TopicWriter writer;
  private final Counter lost;

  public ChangeJournal(Vertx vertx, TopicWriter writer, MeterRegistry registry) {
    this.vertx = vertx;
    this.writer = writer;
    this.lost =
        Counter.builder("switchboard_provisioning_changes_unpublished")
            .description("changes made on the nodes whose audit record Kafka did not take")
            .register(registry);
  }

  /**
   * Completes once Kafka has the record; never fails: the change is made on the nodes whatever
   * happens here, so a record Kafka refuses is logged and counted.
   */
  Future<Void> publish(String who, String what, List<FileChange> changes, ApplyOutcome outcome) {
    Map<String, ProvisioningChange.NodeOutcome> nodes = new LinkedHashMap<>();
    Map<String, NodeAnswer> answers = outcome.answers();
    answers.forEach(
        (node, a) ->
            nodes.put(
                node,
                new ProvisioningChange.NodeOutcome(
                    a.kind().name().toLowerCase(Locale.ROOT),
                    a.detail().isEmpty() ? null : a.detail())));
    ProvisioningChange change =
        new ProvisioningChange(
            ProvisioningChange.VERSION,
            "change-" + UUID.randomUUID(),
            who,
            what,
            System.currentTimeMillis(),
            changes.stream().map(FileChange::path).toList(),
            outcome.applied(),
            outcome.applied() ? null : outcome.error(),
            nodes,
            outcome.behind());
    return writer
        .send(vertx, change.id(), Json.encode(change))
        .<Void>mapEmpty()
        .recover(
            e -> {
              lost.increment();
              LOG.warn(
                  "change {} ({} by {}) not published: {}", change.id(), what, who, e.toString());
              return Future.succeededFuture();
            });
  }
}
