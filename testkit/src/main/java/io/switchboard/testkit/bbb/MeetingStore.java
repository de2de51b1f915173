package io.switchboard.testkit.bbb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The meetings of one simulated server. Requests (event loop) and test code (any thread) both
 * change it, so every method holds the store's lock; meetings are immutable snapshots replaced on
 * change, so a caller can render one without holding the lock.
 */
final class MeetingStore {

  enum InsertResult {
    INSERTED,
    MEETING_EXISTS,
    VOICE_BRIDGE_IN_USE
  }

  enum JoinResult {
    JOINED,
    NO_MEETING,
    FULL
  }

  private final Map<String, BbbMeeting> byMeetingId = new LinkedHashMap<>();

  /** Voice bridge to meeting id, so create stays cheap with thousands of meetings on one server. */
  private final Map<String, String> meetingIdByVoiceBridge = new HashMap<>();

  synchronized Optional<BbbMeeting> get(String meetingId) {
    return Optional.ofNullable(byMeetingId.get(meetingId));
  }

  synchronized List<BbbMeeting> all() {
    return List.copyOf(byMeetingId.values());
  }

  synchronized boolean voiceBridgeInUse(String voiceBridge) {
    return meetingIdByVoiceBridge.containsKey(voiceBridge);
  }

  /**
   * bbb-web MeetingService.createMeeting: refuses a second meeting with the same id or voice
   * bridge.
   */
  synchronized InsertResult insert(BbbMeeting meeting) {
    if (byMeetingId.containsKey(meeting.meetingId())) {
      return InsertResult.MEETING_EXISTS;
    }
    if (voiceBridgeInUse(meeting.voiceBridge())) {
      return InsertResult.VOICE_BRIDGE_IN_USE;
    }
    byMeetingId.put(meeting.meetingId(), meeting);
    meetingIdByVoiceBridge.put(meeting.voiceBridge(), meeting.meetingId());
    return InsertResult.INSERTED;
  }

  synchronized Optional<BbbMeeting> remove(String meetingId) {
    BbbMeeting removed = byMeetingId.remove(meetingId);
    if (removed == null) {
      return Optional.empty();
    }
    meetingIdByVoiceBridge.remove(removed.voiceBridge());
    return Optional.of(removed);
  }

  /**
   * Adds a user unless the meeting is full. bbb-web ApiController.hasReachedMaxParticipants counts
   * distinct external user ids and lets a user whose external id is already inside join again. The
   * first moderator becomes presenter, as in the HTML5 client.
   */
  synchronized JoinResult join(String meetingId, BbbAttendee attendee) {
    BbbMeeting meeting = byMeetingId.get(meetingId);
    if (meeting == null) {
      return JoinResult.NO_MEETING;
    }
    List<BbbAttendee> attendees = meeting.attendees();
    Set<String> externalIds = new HashSet<>();
    attendees.forEach(a -> externalIds.add(a.userId()));
    boolean limited = meeting.maxUsers() > 0;
    if (limited
        && !externalIds.contains(attendee.userId())
        && externalIds.size() >= meeting.maxUsers()) {
      return JoinResult.FULL;
    }
    boolean noPresenter = attendees.stream().noneMatch(BbbAttendee::presenter);
    List<BbbAttendee> updated = new ArrayList<>(attendees);
    updated.add(attendee.moderator() && noPresenter ? attendee.withPresenter(true) : attendee);
    byMeetingId.put(meetingId, copy(meeting, updated, true));
    return JoinResult.JOINED;
  }

  /** Applies {@code change} to one user; false when meeting or user does not exist. */
  synchronized boolean updateAttendee(
      String meetingId, String internalUserId, UnaryOperator<BbbAttendee> change) {
    BbbMeeting meeting = byMeetingId.get(meetingId);
    if (meeting == null) {
      return false;
    }
    List<BbbAttendee> updated = new ArrayList<>(meeting.attendees());
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).internalUserId().equals(internalUserId)) {
        updated.set(i, change.apply(updated.get(i)));
        byMeetingId.put(meetingId, copy(meeting, updated, meeting.hasUserJoined()));
        return true;
      }
    }
    return false;
  }

  synchronized boolean removeAttendee(String meetingId, String internalUserId) {
    BbbMeeting meeting = byMeetingId.get(meetingId);
    if (meeting == null) {
      return false;
    }
    List<BbbAttendee> updated = new ArrayList<>(meeting.attendees());
    boolean removed = updated.removeIf(a -> a.internalUserId().equals(internalUserId));
    if (removed) {
      byMeetingId.put(meetingId, copy(meeting, updated, meeting.hasUserJoined()));
    }
    return removed;
  }

  synchronized void clear() {
    byMeetingId.clear();
    meetingIdByVoiceBridge.clear();
  }

  private static BbbMeeting copy(BbbMeeting m, List<BbbAttendee> attendees, boolean hasUserJoined) {
    return new BbbMeeting(
        m.meetingId(),
        m.internalMeetingId(),
        m.name(),
        m.attendeePassword(),
        m.moderatorPassword(),
        m.voiceBridge(),
        m.dialNumber(),
        m.createTime(),
        m.startTime(),
        m.endTime(),
        m.duration(),
        m.maxUsers(),
        m.recording(),
        hasUserJoined,
        m.forciblyEnded(),
        m.metadata(),
        attendees);
  }
}
