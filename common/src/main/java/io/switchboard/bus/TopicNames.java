package io.switchboard.bus;

import java.util.List;

/**
 * The topic and consumer-group names of one Switchboard: those of {@link Topics} behind a prefix
 * (none by default), so that staging and production can share a Kafka cluster.
 */
public record TopicNames(String prefix) {
  public static final TopicNames NONE = new TopicNames("");

  public TopicNames {
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]{0,64}")) {
      throw new IllegalArgumentException(
          "a topic prefix is up to 64 letters, digits, '.', '_' or '-'");
    }
  }

  /** {@code topic} (one of {@link Topics}' names) as this Switchboard names it. */
  public String of(String topic) {
    return prefix + topic;
  }

  /** A consumer group's name under this prefix. */
  public String group(String group) {
    return prefix + group;
  }

  /** Where a FreeSWITCH event goes ({@link Topics#forEvent}), under this prefix. */
  public String forEvent(String eventName, String subclass) {
    return prefix + Topics.forEvent(eventName, subclass);
  }

  /** Every topic of the contract under this prefix. */
  public List<Topics.Spec> all() {
    return Topics.ALL.stream().map(t -> new Topics.Spec(of(t.name()), t.compacted())).toList();
  }

  @Override
  public String toString() {
    return prefix.isEmpty() ? "(no prefix)" : prefix;
  }
}
