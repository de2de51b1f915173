package io.switchboard.balancer.state;

/** A running meeting's placement (from bbb.meetings) and what the poller last saw of it. */
public final class Meeting {
  private final MeetingRecord record;
  private volatile Counts counts = Counts.NONE;

  /** Its namespace's figures while the state holds it; null before and after. */
  private NamespaceTally.Totals tally;

  Meeting(MeetingRecord record) {
    this.record = record;
  }

  /** Counts this meeting and its participants into {@code totals}, as the state takes it in. */
  synchronized void attach(NamespaceTally.Totals totals) {
    tally = totals;
    totals.add(1, counts.participants());
  }

  /**
   * Takes this meeting out of its namespace's figures, as the state lets it go; a poll still
   * holding it may set its counts afterwards without touching them.
   */
  synchronized void detach() {
    if (tally != null) {
      tally.add(-1, -counts.participants());
      tally = null;
    }
  }

  public MeetingRecord record() {
    return record;
  }

  public String meetingId() {
    return record.meetingId();
  }

  public String serverId() {
    return record.serverId();
  }

  public Counts counts() {
    return counts;
  }

  public synchronized void counts(Counts next) {
    if (tally != null) {
      tally.add(0, (long) next.participants() - counts.participants());
    }
    counts = next;
  }

  /** Participant figures from the server's getMeetings, or from voice events between polls. */
  public record Counts(int participants, int listeners, int voiceParticipants, int video) {
    public static final Counts NONE = new Counts(0, 0, 0, 0);

    public Counts withVoiceParticipants(int n) {
      return new Counts(participants, listeners, Math.max(0, n), video);
    }
  }
}
