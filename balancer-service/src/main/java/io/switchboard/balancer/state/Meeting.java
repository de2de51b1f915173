package io.switchboard.balancer.state;

/** A running meeting's placement (from bbb.meetings) and what the poller last saw of it. */
public final class Meeting {
  private final MeetingRecord record;
  private volatile Counts counts = Counts.NONE;

  Meeting(MeetingRecord record) {
    this.record = record;
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

  public void counts(Counts next) {
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
