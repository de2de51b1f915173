package io.switchboard.provisioning.apply;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which nodes missed which files: a node that could not be reached when a change was made gets
 * these paths again, with the folder's content of that moment, when it answers. Confined to the
 * service's context.
 */
final class BehindNodes {
  private final Map<String, Set<String>> missed = new TreeMap<>();

  void missed(String node, Collection<String> paths) {
    missed.computeIfAbsent(node, n -> new TreeSet<>()).addAll(paths);
  }

  void caughtUp(String node, Collection<String> paths) {
    Set<String> left = missed.get(node);
    if (left != null) {
      left.removeAll(paths);
      if (left.isEmpty()) {
        missed.remove(node);
      }
    }
  }

  List<String> nodes() {
    return List.copyOf(missed.keySet());
  }

  Set<String> pathsOf(String node) {
    return Set.copyOf(missed.getOrDefault(node, Set.of()));
  }
}
