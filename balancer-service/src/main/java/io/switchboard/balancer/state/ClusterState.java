package io.switchboard.balancer.state;

import io.switchboard.bus.Json;
import io.switchboard.security.SecretSealer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool, its meetings and the claimed voice bridges, rebuilt from the compacted topics and kept
 * current by applying every record in log order. Every instance applies the same records in the
 * same order per key, so every instance reaches the same decisions about claims.
 */
public final class ClusterState {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);

  private final SecretSealer sealer;
  private final Map<String, Server> servers = new ConcurrentHashMap<>();
  private final Map<String, Meeting> meetings = new ConcurrentHashMap<>();
  private final Map<String, Meeting> byInternalId = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Meeting>> byServer = new ConcurrentHashMap<>();
  private final Map<String, VoiceBridgeRecord> bridges = new ConcurrentHashMap<>();
  private final NamespaceTally tally = new NamespaceTally();

  public ClusterState(SecretSealer sealer) {
    this.sealer = sealer;
  }

  /**
   * After a meeting record was applied: whether its placement holds the meeting, and the placement
   * now.
   */
  public record MeetingOutcome(boolean accepted, Optional<Meeting> current) {}

  /**
   * The outcome of {@code record} once it has been applied (later records may have followed it).
   */
  public MeetingOutcome outcomeOf(MeetingRecord record) {
    Optional<Meeting> current = meeting(record.meetingId());
    boolean holds = current.map(m -> m.record().writeId().equals(record.writeId())).orElse(false);
    return new MeetingOutcome(record.kind() == MeetingRecord.Kind.ENDED ? !holds : holds, current);
  }

  public void applyServer(String id, byte[] value) {
    if (value == null) {
      if (servers.remove(id) != null) {
        LOG.info("server {} removed from the pool", id);
      }
      return;
    }
    ServerRecord record = Json.decode(value, ServerRecord.class);
    String secret;
    try {
      secret = sealer.open(record.secret());
    } catch (SecretSealer.SealException e) {
      LOG.error(
          "server {}: its secret cannot be opened ({}); the server is left out",
          id,
          e.getMessage());
      servers.remove(id);
      return;
    }
    servers.compute(
        id,
        (k, existing) -> {
          if (existing == null) {
            return new Server(record, secret);
          }
          existing.update(record, secret);
          return existing;
        });
  }

  public void applyMeeting(String meetingId, byte[] value) {
    Meeting current = meetings.get(meetingId);
    if (value == null) {
      remove(current);
      return;
    }
    MeetingRecord record = Json.decode(value, MeetingRecord.class);
    String holder = current == null ? null : current.record().writeId();
    boolean accepted =
        switch (record.kind()) {
          case CLAIM -> holder == null || holder.equals(record.supersedes());
          case UPDATE, ENDED -> record.writeId().equals(holder);
        };
    if (!accepted) {
      return;
    }
    if (record.kind() == MeetingRecord.Kind.ENDED) {
      remove(current);
      return;
    }
    Meeting next = new Meeting(record);
    if (current != null) {
      next.counts(current.counts());
      remove(current);
    }
    meetings.put(meetingId, next);
    next.attach(tally.totalsOf(meetingId));
    byInternalId.put(record.internalId(), next);
    byServer
        .computeIfAbsent(record.serverId(), k -> new ConcurrentHashMap<>())
        .put(meetingId, next);
  }

  private void remove(Meeting current) {
    if (current != null) {
      if (meetings.remove(current.meetingId(), current)) {
        current.detach();
      }
      byInternalId.remove(current.record().internalId(), current);
      Map<String, Meeting> onServer = byServer.get(current.serverId());
      if (onServer != null) {
        onServer.remove(current.meetingId(), current);
      }
    }
  }

  /** Applies a voice bridge claim: the first claim of a number owns it. */
  public void applyBridge(String bridge, byte[] value) {
    if (value == null) {
      bridges.remove(bridge);
      return;
    }
    bridges.putIfAbsent(bridge, Json.decode(value, VoiceBridgeRecord.class));
  }

  public Optional<Server> server(String id) {
    return Optional.ofNullable(servers.get(id));
  }

  public Collection<Server> servers() {
    return servers.values();
  }

  public Optional<Meeting> meeting(String meetingId) {
    return Optional.ofNullable(meetings.get(meetingId));
  }

  public Optional<Meeting> meetingByInternalId(String internalId) {
    return Optional.ofNullable(byInternalId.get(internalId));
  }

  /** The meetings placed on one server. */
  public Collection<Meeting> meetingsOn(String serverId) {
    Map<String, Meeting> on = byServer.get(serverId);
    return on == null ? List.of() : on.values();
  }

  public Collection<Meeting> meetings() {
    return meetings.values();
  }

  /** Meetings and participants per namespace, kept current with the meetings. */
  public NamespaceTally tally() {
    return tally;
  }

  /** The meeting that holds a voice bridge, if any does. */
  public Optional<String> bridgeOwner(String bridge) {
    return Optional.ofNullable(bridges.get(bridge)).map(VoiceBridgeRecord::meetingId);
  }

  public String seal(String plain) {
    return sealer.seal(plain);
  }

  public String open(String sealed) {
    return sealer.open(sealed);
  }
}
