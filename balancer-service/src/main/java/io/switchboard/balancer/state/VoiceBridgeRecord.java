package io.switchboard.balancer.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A claim of a dial-in number on {@code bbb.voice-bridges} (key: the voice bridge). The first claim
 * in log order owns the number; a later claim by another meeting loses and its writer tries the
 * next candidate. Claims are kept after a meeting ends, so a room keeps its number.
 */
public record VoiceBridgeRecord(
    @JsonProperty("v") int v,
    String voiceBridge,
    @JsonProperty("meetingID") String meetingId,
    String writeId,
    long claimedAt) {

  public static final int VERSION = 1;
}
