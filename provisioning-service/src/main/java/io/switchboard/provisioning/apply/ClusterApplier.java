package io.switchboard.provisioning.apply;

import io.switchboard.bus.CommandResult;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.node.NodeAnswer;
import io.switchboard.provisioning.node.NodeCommands;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies file changes to nodes through their gateways: the files, then one {@code reloadxml} per
 * node. The change stands only when no node refused it; otherwise every node gets its previous
 * files back and reloads again, so no node keeps a configuration the others refused.
 */
public final class ClusterApplier {
  private final NodeCommands commands;
  private final List<String> nodes;
  private final ReloadMetrics metrics;

  public ClusterApplier(NodeCommands commands, List<String> nodes, ReloadMetrics metrics) {
    this.commands = commands;
    this.nodes = List.copyOf(nodes);
    this.metrics = metrics;
  }

  public List<String> nodes() {
    return nodes;
  }

  /** Never fails: what went wrong on each node is in the outcome. */
  public Future<ApplyOutcome> apply(List<FileChange> changes) {
    return apply(changes, () -> {});
  }

  /**
   * {@link #apply(List)}; {@code filesAnswered} runs once every node answered its file commands,
   * before their reloads.
   */
  public Future<ApplyOutcome> apply(List<FileChange> changes, Runnable filesAnswered) {
    return onNodes(nodes, changes, filesAnswered)
        .compose(
            answers -> {
              if (answers.values().stream().noneMatch(ApplyOutcome::isRefusal)) {
                return Future.succeededFuture(new ApplyOutcome(true, answers, Map.of()));
              }
              // Every node, also one that did not answer: its gateway may have written the files
              // before it fell silent, and an expired command is never run late.
              List<FileChange> undo = changes.stream().map(FileChange::reversed).toList();
              return onNodes(nodes, undo)
                  .map(rollback -> new ApplyOutcome(false, answers, rollback));
            });
  }

  /**
   * Applies {@code changes} on each of {@code targets} at the same time; answers by node. The puts
   * go in batches, each all or none on the node; a failed one fails the node, and what the others
   * wrote is restored like any file the node took.
   */
  public Future<Map<String, NodeAnswer>> onNodes(List<String> targets, List<FileChange> changes) {
    return onNodes(targets, changes, () -> {});
  }

  private Future<Map<String, NodeAnswer>> onNodes(
      List<String> targets, List<FileChange> changes, Runnable filesAnswered) {
    Map<String, String> puts = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    for (FileChange change : changes) {
      if (change.after() == null) {
        deletes.add(change.path());
      } else {
        puts.put(change.path(), change.after());
      }
    }
    Map<String, List<Future<CommandResult>>> ops = new LinkedHashMap<>();
    for (String node : targets) {
      List<Future<CommandResult>> nodeOps = new ArrayList<>();
      deletes.forEach(path -> nodeOps.add(commands.delete(node, path)));
      ops.put(node, nodeOps);
    }
    if (!puts.isEmpty()) {
      commands.putAll(targets, puts).forEach((node, results) -> ops.get(node).addAll(results));
    }
    List<Future<CommandResult>> all = new ArrayList<>();
    ops.values().forEach(all::addAll);
    Future.join(all).onComplete(files -> filesAnswered.run());
    List<Future<NodeAnswer>> answers = new ArrayList<>();
    for (String node : targets) {
      answers.add(onNode(node, ops.get(node)));
    }
    return Future.join(answers)
        .transform(
            ignored -> {
              Map<String, NodeAnswer> byNode = new LinkedHashMap<>();
              for (int i = 0; i < targets.size(); i++) {
                byNode.put(targets.get(i), answers.get(i).result());
              }
              return Future.succeededFuture(byNode);
            });
  }

  /** Once every file command of {@code node} is answered: its reload, unless one failed. */
  private Future<NodeAnswer> onNode(String node, List<Future<CommandResult>> ops) {
    return Future.join(ops)
        .transform(
            ignored -> {
              NodeAnswer problem = worst(ops);
              return problem != null ? Future.succeededFuture(problem) : reload(node);
            });
  }

  /** A refused file beats a silent gateway: the refusal is what the caller must fix. */
  private static NodeAnswer worst(List<Future<CommandResult>> ops) {
    NodeAnswer worst = null;
    for (Future<CommandResult> op : ops) {
      NodeAnswer answer =
          op.succeeded()
              ? NodeAnswer.ofFileResult(op.result())
              : NodeAnswer.unreachable(op.cause());
      if (answer != null && (worst == null || answer.kind() == NodeAnswer.Kind.FAILED)) {
        worst = answer;
      }
    }
    return worst;
  }

  private Future<NodeAnswer> reload(String node) {
    long started = System.nanoTime();
    return commands
        .api(node, "reloadxml")
        .map(NodeAnswer::ofReload)
        .otherwise(NodeAnswer::unreachable)
        .onSuccess(answer -> metrics.reloaded(node, answer, System.nanoTime() - started));
  }
}
