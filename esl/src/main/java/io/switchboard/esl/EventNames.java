package io.switchboard.esl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the word list of an {@code event}/{@code nixevent} command. In mod_event_socket's parser
 * every word after {@code CUSTOM} is taken as a subclass, so plain event names must come first and
 * subclasses last; a name with {@code ::} is a subclass.
 */
public final class EventNames {
  private EventNames() {}

  public static boolean isSubclass(String name) {
    return name.contains("::");
  }

  /** E.g. [HEARTBEAT, conference::maintenance] -> "HEARTBEAT CUSTOM conference::maintenance". */
  public static String words(Collection<String> names) {
    List<String> plain = new ArrayList<>();
    List<String> subclasses = new ArrayList<>();
    for (String raw : names) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("event name must be one word: '" + raw + "'");
      }
      if (isSubclass(name)) {
        subclasses.add(name);
      } else if (!name.equals("CUSTOM")) {
        plain.add(name);
      }
    }
    if (plain.isEmpty() && subclasses.isEmpty()) {
      throw new IllegalArgumentException("no event names given");
    }
    StringBuilder sb = new StringBuilder(String.join(" ", plain));
    if (!subclasses.isEmpty()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append("CUSTOM ").append(String.join(" ", subclasses));
    }
    return sb.toString();
  }
}
