package io.switchboard.testkit.bbb;

import java.util.Map;

/**
 * A user in a simulated meeting, as getMeetingInfo reports it.
 *
 * @param internalUserId BBB's own id ({@code w_...}), the {@code user_id} of the join response
 * @param userId the {@code userID} the join call passed, else the internal id
 * @param fullName display name
 * @param role {@code MODERATOR} or {@code VIEWER}
 * @param presenter whether the user presents
 * @param listeningOnly whether the user joined audio listen-only
 * @param voiceJoined whether the user joined the voice conference
 * @param videoStreams number of webcams the user shares
 * @param customData {@code userdata-*} join parameters, without the prefix
 */
public record BbbAttendee(
    String internalUserId,
    String userId,
    String fullName,
    String role,
    boolean presenter,
    boolean listeningOnly,
    boolean voiceJoined,
    int videoStreams,
    Map<String, String> customData) {

  public static final String MODERATOR = "MODERATOR";
  public static final String VIEWER = "VIEWER";

  public BbbAttendee {
    customData = Map.copyOf(customData);
  }

  public boolean moderator() {
    return MODERATOR.equals(role);
  }

  BbbAttendee withPresenter(boolean value) {
    return new BbbAttendee(
        internalUserId,
        userId,
        fullName,
        role,
        value,
        listeningOnly,
        voiceJoined,
        videoStreams,
        customData);
  }

  BbbAttendee withListeningOnly(boolean value) {
    return new BbbAttendee(
        internalUserId,
        userId,
        fullName,
        role,
        presenter,
        value,
        voiceJoined,
        videoStreams,
        customData);
  }

  BbbAttendee withVoiceJoined(boolean value) {
    return new BbbAttendee(
        internalUserId,
        userId,
        fullName,
        role,
        presenter,
        listeningOnly,
        value,
        videoStreams,
        customData);
  }

  BbbAttendee withVideoStreams(int value) {
    return new BbbAttendee(
        internalUserId,
        userId,
        fullName,
        role,
        presenter,
        listeningOnly,
        voiceJoined,
        value,
        customData);
  }
}
