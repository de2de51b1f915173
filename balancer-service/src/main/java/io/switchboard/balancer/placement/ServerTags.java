package io.switchboard.balancer.placement;

import io.switchboard.balancer.state.Server;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The servers a create asks for with Scalelite's {@code meta_server-tag}: a comma-separated list of
 * tags ({@code none} matches untagged servers), a trailing {@code !} making them required. Without
 * tags (missing, empty or {@code !}) only untagged servers match; optional tags fall back to
 * untagged servers (scalelite docs/tagged-servers.md).
 *
 * @param tags the tags asked for; empty for untagged servers only
 * @param required true when no other server may take the meeting
 */
public record ServerTags(Set<String> tags, boolean required) {
  public static final String PARAM = "meta_server-tag";
  private static final String NONE = "none";

  public static final ServerTags UNTAGGED = new ServerTags(Set.of(), false);

  public ServerTags {
    tags = Set.copyOf(tags);
  }

  public static ServerTags parse(String value) {
    if (value == null) {
      return UNTAGGED;
    }
    String v = value.strip();
    boolean required = v.endsWith("!");
    if (required) {
      v = v.substring(0, v.length() - 1);
    }
    Set<String> tags =
        Arrays.stream(v.split(","))
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .collect(Collectors.toSet());
    return tags.isEmpty() ? UNTAGGED : new ServerTags(tags, required);
  }

  /** The parameter value that asks for these tags. */
  public String param() {
    return String.join(",", tags) + (required ? "!" : "");
  }

  /** The servers the tags ask for first. */
  Predicate<Server> wanted() {
    return tags.isEmpty()
        ? ServerTags::untagged
        : s -> tags.contains(s.record().tag() == null ? NONE : s.record().tag());
  }

  /** Where an optional request falls back to. */
  static boolean untagged(Server s) {
    return s.record().tag() == null;
  }
}
