package io.switchboard.provisioning.apply;

import io.switchboard.provisioning.node.NodeAnswer;
import java.util.List;
import java.util.Map;

/**
 * How one change went on every node.
 *
 * @param applied whether the change stands: no node refused it (unreachable nodes are behind)
 * @param answers each node's answer to the change
 * @param rollback when not applied, each node's answer to the restoring of its previous files
 */
public record ApplyOutcome(
    boolean applied, Map<String, NodeAnswer> answers, Map<String, NodeAnswer> rollback) {
  public ApplyOutcome {
    answers = Map.copyOf(answers);
    rollback = Map.copyOf(rollback);
  }

  /** Nodes that do not hold the outcome yet: they get it when they return. */
  public List<String> behind() {
    Map<String, NodeAnswer> last = applied ? answers : rollback;
    return last.entrySet().stream()
        .filter(e -> e.getValue().kind() == NodeAnswer.Kind.UNREACHABLE)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The first refusal's text, with its node: what a caller is told. */
  public String error() {
    return answers.entrySet().stream()
        .filter(e -> isRefusal(e.getValue()))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ": " + e.getValue().detail())
        .findFirst()
        .orElse("");
  }

  static boolean isRefusal(NodeAnswer answer) {
    return answer.kind() == NodeAnswer.Kind.REFUSED || answer.kind() == NodeAnswer.Kind.FAILED;
  }
}
