package io.switchboard.testkit.bbb;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one meeting on a simulated server. The counts are derived from the attendees the
 * way bbb-web's {@code Meeting} derives them.
 *
 * @param meetingId the external {@code meetingID}
 * @param internalMeetingId {@code sha1(meetingID) + "-" + createTime}, as bbb-web builds it
 * @param name meeting name
 * @param attendeePassword viewer password (generated when create sent none)
 * @param moderatorPassword moderator password (generated when create sent none)
 * @param voiceBridge the voice conference number
 * @param dialNumber the dial-in number
 * @param createTime creation time, epoch milliseconds
 * @param startTime start time, epoch milliseconds
 * @param endTime end time, 0 while not ended
 * @param duration planned duration in minutes, 0 = unlimited
 * @param maxUsers participant limit, 0 = none
 * @param recording whether {@code record=true} was passed
 * @param hasUserJoined whether anyone ever joined
 * @param forciblyEnded whether end was called
 * @param metadata {@code meta_*} parameters, keys lower-cased without the prefix
 * @param attendees users currently in the meeting
 */
public record BbbMeeting(
    String meetingId,
    String internalMeetingId,
    String name,
    String attendeePassword,
    String moderatorPassword,
    String voiceBridge,
    String dialNumber,
    long createTime,
    long startTime,
    long endTime,
    int duration,
    int maxUsers,
    boolean recording,
    boolean hasUserJoined,
    boolean forciblyEnded,
    Map<String, String> metadata,
    List<BbbAttendee> attendees) {

  public BbbMeeting {
    metadata = Map.copyOf(metadata);
    attendees = List.copyOf(attendees);
  }

  /** bbb-web: a meeting runs while it has users. */
  public boolean running() {
    return !attendees.isEmpty();
  }

  public int participantCount() {
    return attendees.size();
  }

  public int listenerCount() {
    return (int) attendees.stream().filter(BbbAttendee::listeningOnly).count();
  }

  public int voiceParticipantCount() {
    return (int) attendees.stream().filter(BbbAttendee::voiceJoined).count();
  }

  public int videoCount() {
    return attendees.stream().mapToInt(BbbAttendee::videoStreams).sum();
  }

  public int moderatorCount() {
    return (int) attendees.stream().filter(BbbAttendee::moderator).count();
  }
}
