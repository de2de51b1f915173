package io.switchboard.balancer.state;

import io.switchboard.bus.Topics;
import java.util.List;

/**
 * The names of the three state topics. Normally those of the contract; with a namespace
 * ({@code TOPIC_NAMESPACE=pool-b}) they become {@code pool-b.bbb.servers} and so on, so that
 * independent pools (or tests) can share one Kafka cluster.
 */
public record StateTopics(String servers, String meetings, String voiceBridges) {

  public static StateTopics namespaced(String namespace) {
    String prefix = namespace == null || namespace.isEmpty() ? "" : namespace + ".";
    return new StateTopics(prefix + Topics.BBB_SERVERS, prefix + Topics.BBB_MEETINGS, prefix + Topics.BBB_VOICE_BRIDGES);
  }

  public List<String> all() {
    return List.of(servers, meetings, voiceBridges);
  }

  /** All three are compacted: the latest record per key is the state. */
  public List<Topics.Spec> specs() {
    return all().stream().map(name -> new Topics.Spec(name, true)).toList();
  }
}
