package io.switchboard.balancer.state;

import io.switchboard.bus.TopicNames;
import io.switchboard.bus.Topics;
import java.util.List;

/**
 * The names of the four state topics, under the Switchboard's topic prefix ({@code
 * TOPIC_PREFIX=pool-b.} gives {@code pool-b.bbb.servers} and so on), so that independent pools (or
 * tests) can share one Kafka cluster.
 */
public record StateTopics(String servers, String meetings, String voiceBridges, String tenants) {

  public static StateTopics of(TopicNames names) {
    return new StateTopics(
        names.of(Topics.BBB_SERVERS),
        names.of(Topics.BBB_MEETINGS),
        names.of(Topics.BBB_VOICE_BRIDGES),
        names.of(Topics.BBB_TENANTS));
  }

  public List<String> all() {
    return List.of(servers, meetings, voiceBridges, tenants);
  }

  /** All four are compacted: the latest record per key is the state. */
  public List<Topics.Spec> specs() {
    return all().stream().map(name -> new Topics.Spec(name, true)).toList();
  }
}
