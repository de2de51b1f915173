package io.switchboard.provisioning.users;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.folder.Layout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which numbers of a context are taken, by users and conferences alike (both are dialled in the
 * same context), read from the names of the files the nodes hold. Used by the single writer only,
 * so two batches never get the same number.
 */
public final class NumberPlan {
  private final Map<String, ContextRange> ranges;
  private final Set<String> taken = new HashSet<>();
  private final Map<String, Long> lowestFree = new HashMap<>();

  public NumberPlan(Layout layout, Map<String, ContextRange> ranges, Map<String, String> applied) {
    this.ranges = ranges;
    for (String context : ranges.keySet()) {
      for (String folder : new String[] {layout.usersOf(context), layout.conferencesOf(context)}) {
        String prefix = folder + "/";
        for (String path : applied.keySet()) {
          if (path.startsWith(prefix) && path.endsWith(".xml")) {
            taken.add(path.substring(prefix.length(), path.length() - ".xml".length()));
          }
        }
      }
    }
  }

  public boolean knows(String context) {
    return ranges.containsKey(context);
  }

  /** The lowest free number of the context, now taken; empty when its range is full. */
  public OptionalLong take(String context) {
    ContextRange range = ranges.get(context);
    // Everything below the cursor is taken: a batch of n users costs n steps, not n squared.
    for (long n = lowestFree.getOrDefault(context, range.first()); n <= range.last(); n++) {
      if (taken.add(Long.toString(n))) {
        lowestFree.put(context, n + 1);
        return OptionalLong.of(n);
      }
    }
    lowestFree.put(context, range.last() + 1);
    return OptionalLong.empty();
  }

  /** A number kept by a user who stays where they were. */
  public void hold(String number) {
    taken.add(number);
  }

  public void free(String context, String number) {
    if (taken.remove(number)) {
      lowestFree.remove(context);
    }
  }
}
