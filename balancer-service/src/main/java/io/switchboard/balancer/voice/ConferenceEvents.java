package io.switchboard.balancer.voice;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads mod_conference's events from {@code fs.events.conference} (published by every node's
 * esl-gateway): a room's conference is named after its voice bridge, so add-member and del-member
 * update the meeting's voice participants at once instead of at the next poll, and a
 * conference-destroy has the meeting's server polled now, which forgets the meeting if it ended.
 */
public final class ConferenceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ConferenceEvents.class);

  private final ClusterState state;
  private final Consumer<String> pollServer;

  /**
   * @param pollServer polls one server by id now
   */
  public ConferenceEvents(ClusterState state, Consumer<String> pollServer) {
    this.state = state;
    this.pollServer = pollServer;
  }

  public Future<Void> handle(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        apply(Json.decode(r.value(), FsEvent.class));
      } catch (EnvelopeException e) {
        LOG.warn("fs.events.conference from {}: skipped: {}", r.key(), e.getMessage());
      }
    }
    return Future.succeededFuture();
  }

  void apply(FsEvent event) {
    String action = event.header("Action");
    String room = event.header("Conference-Name");
    if (action == null || room == null) {
      return;
    }
    Optional<Meeting> meeting =
        state
            .bridgeOwner(room)
            .flatMap(state::meeting)
            .filter(m -> room.equals(m.record().voiceBridge()));
    if (meeting.isEmpty()) {
      return;
    }
    Meeting m = meeting.get();
    switch (action) {
      case "add-member", "del-member" -> {
        int size =
            size(event)
                .orElse(m.counts().voiceParticipants() + ("add-member".equals(action) ? 1 : -1));
        m.counts(m.counts().withVoiceParticipants(size));
      }
      case "conference-destroy" -> {
        m.counts(m.counts().withVoiceParticipants(0));
        pollServer.accept(m.serverId());
      }
      default -> {}
    }
  }

  /** mod_conference puts the member count in Conference-Size after the change. */
  private static Optional<Integer> size(FsEvent event) {
    try {
      return Optional.ofNullable(event.header("Conference-Size"))
          .map(String::trim)
          .map(Integer::parseInt);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
