package io.switchboard.balancer.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Running meetings and their participants (as last polled) per namespace ({@link
 * MeetingNamespace}), kept as the state changes rather than counted over every meeting: a tenant's
 * limits are checked on every create and join, and a pool holds tens of thousands of meetings.
 * Rebuilt with the state itself when an instance replays {@code bbb.meetings}.
 */
public final class NamespaceTally {
  private final Map<String, Totals> byNamespace = new ConcurrentHashMap<>();

  /** One namespace's figures; updated by the meetings attached to it. */
  public static final class Totals {
    private final AtomicLong meetings = new AtomicLong();
    private final AtomicLong participants = new AtomicLong();

    public long meetings() {
      return meetings.get();
    }

    public long participants() {
      return participants.get();
    }

    void add(long meetingDelta, long participantDelta) {
      if (meetingDelta != 0) {
        meetings.addAndGet(meetingDelta);
      }
      if (participantDelta != 0) {
        participants.addAndGet(participantDelta);
      }
    }
  }

  private static final Totals NONE = new Totals();

  Totals totalsOf(String meetingId) {
    return byNamespace.computeIfAbsent(MeetingNamespace.of(meetingId), k -> new Totals());
  }

  /** A tenant's figures (zeros when it runs nothing). */
  public Totals of(String namespace) {
    return byNamespace.getOrDefault(namespace, NONE);
  }
}
