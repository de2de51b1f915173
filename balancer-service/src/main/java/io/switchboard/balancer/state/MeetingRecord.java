package io.switchboard.balancer.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One write about a meeting on {@code bbb.meetings} (key: meetingID). Every balancer applies these
 * in log order (see {@link ClusterState#applyMeeting}):
 *
 * <ul>
 *   <li>{@code claim}: place the meeting on {@code serverId}. It wins only if the meeting has no
 *       placement, or its placement is the one named by {@code supersedes} (a move, or a re-create
 *       after the server went away). A losing claim changes nothing: its writer adopts the winner.
 *   <li>{@code update}: change the placement {@code writeId} made (voice bridge, load); ignored
 *       when another placement holds the meeting by now.
 *   <li>{@code ended}: the placement {@code writeId} made is over; ignored likewise.
 * </ul>
 *
 * @param writeId the placement this record makes or refers to
 * @param internalId the balancer's own id of the meeting, kept across moves (for rejoin links)
 * @param params the create call's parameters, sealed (they may hold passwords), for moves
 */
public record MeetingRecord(
    @JsonProperty("v") int v,
    @JsonProperty("meetingID") String meetingId,
    String writeId,
    Kind kind,
    String supersedes,
    String serverId,
    String voiceBridge,
    double load,
    String internalId,
    long createdAt,
    String params,
    String instance) {

  public static final int VERSION = 1;

  public enum Kind {
    @JsonProperty("claim")
    CLAIM,
    @JsonProperty("update")
    UPDATE,
    @JsonProperty("ended")
    ENDED
  }

  public MeetingRecord as(Kind next, String writer) {
    return new MeetingRecord(
        VERSION,
        meetingId,
        writeId,
        next,
        supersedes,
        serverId,
        voiceBridge,
        load,
        internalId,
        createdAt,
        params,
        writer);
  }

  public MeetingRecord withVoiceBridge(String bridge) {
    return new MeetingRecord(
        VERSION,
        meetingId,
        writeId,
        kind,
        supersedes,
        serverId,
        bridge,
        load,
        internalId,
        createdAt,
        params,
        instance);
  }
}
