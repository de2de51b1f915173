package io.switchboard.balancer.placement;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.MeetingRecord;
import io.switchboard.balancer.state.Server;
import io.switchboard.balancer.state.StateStore;
import io.switchboard.balancer.state.VoiceBridgeRecord;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Places a meeting through Kafka. The meeting's claim and its voice bridge's claim are written at
 * the same time (independent records); the first claim in log order wins, and every instance
 * applies the log in the same order, so a meeting created on two instances at once ends up on one
 * server: the loser adopts the winner's placement. A lost voice bridge makes the winner probe the
 * next candidate and update its placement before the meeting is created on its server.
 */
public final class MeetingClaims {
  private final StateStore store;
  private final MeetingPlacer placer;
  private final VoiceBridges bridges;
  private final String instanceId;
  private final LongSupplier clock;

  public MeetingClaims(
      StateStore store,
      MeetingPlacer placer,
      VoiceBridges bridges,
      String instanceId,
      LongSupplier clock) {
    this.store = store;
    this.placer = placer;
    this.bridges = bridges;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  /** What to place. */
  public record Request(
      String meetingId,
      double load,
      String clientVoiceBridge,
      String sealedParams,
      Optional<Meeting> previous,
      Optional<String> targetServer,
      ServerTags tags) {}

  /** The placement that holds the meeting afterwards, and whether this call made it. */
  public record Placed(Meeting meeting, boolean ours) {}

  public Future<Placed> place(Request request) {
    Server server = server(request);
    VoiceBridges.Candidate first =
        request.clientVoiceBridge() != null
            ? new VoiceBridges.Candidate(request.clientVoiceBridge(), -1)
            : bridges
                .firstFree(request.meetingId(), 0)
                .orElseThrow(
                    () ->
                        new PlacementFailedException(
                            "no free voice bridge for meeting " + request.meetingId()));
    MeetingRecord claim = claim(request, server, first.voiceBridge());
    placer.reserve(claim.writeId(), server.id(), request.load());
    Future<ClusterState.MeetingOutcome> meeting = store.putMeeting(claim);
    Future<VoiceBridges.Candidate> bridge =
        claimBridge(request.meetingId(), claim.writeId(), first);
    return Future.all(meeting, bridge)
        .compose(both -> settle(request, claim, meeting.result(), bridge.result()))
        .onComplete(ar -> placer.release(claim.writeId()));
  }

  /** The server asked for, or the best one (another than the meeting's current one if any). */
  private Server server(Request request) {
    String excluded = request.previous().map(Meeting::serverId).orElse(null);
    return request
        .targetServer()
        .map(
            id ->
                store
                    .state()
                    .server(id)
                    .filter(Server::placeable)
                    .orElseThrow(
                        () ->
                            new PlacementFailedException(
                                "server " + id + " is unknown, not enabled or offline")))
        .orElseGet(() -> byLoad(excluded, request.tags()));
  }

  /**
   * The least loaded server the tags ask for (another than a move's origin if possible); optional
   * tags fall back to untagged servers.
   */
  private Server byLoad(String excluded, ServerTags tags) {
    Optional<Server> chosen =
        placer.choose(excluded, tags.wanted()).or(() -> placer.choose(null, tags.wanted()));
    if (chosen.isEmpty() && !tags.tags().isEmpty()) {
      if (tags.required()) {
        throw new ServerTagUnavailableException(
            "no enabled and online server carries the tag(s) " + String.join(",", tags.tags()));
      }
      chosen =
          placer
              .choose(excluded, ServerTags::untagged)
              .or(() -> placer.choose(null, ServerTags::untagged));
    }
    return chosen.orElseThrow(
        () ->
            new PlacementFailedException(
                "no enabled and online BigBlueButton server to place the meeting on"));
  }

  /** A placement keeps the internal id of the one it replaces: rejoin links stay valid. */
  private MeetingRecord claim(Request request, Server server, String voiceBridge) {
    String internalId =
        request
            .previous()
            .map(m -> m.record().internalId())
            .orElseGet(() -> UUID.randomUUID().toString());
    return new MeetingRecord(
        MeetingRecord.VERSION,
        request.meetingId(),
        UUID.randomUUID().toString(),
        MeetingRecord.Kind.CLAIM,
        request.previous().map(m -> m.record().writeId()).orElse(null),
        server.id(),
        voiceBridge,
        request.load(),
        internalId,
        clock.getAsLong(),
        request.sealedParams(),
        instanceId);
  }

  /**
   * A lost meeting claim adopts the winner; a won claim whose first voice bridge was taken is
   * updated to the bridge won instead.
   */
  private Future<Placed> settle(
      Request request,
      MeetingRecord claim,
      ClusterState.MeetingOutcome outcome,
      VoiceBridges.Candidate bridge) {
    if (!outcome.accepted()) {
      return outcome
          .current()
          .map(winner -> Future.succeededFuture(new Placed(winner, false)))
          .orElseGet(
              () ->
                  Future.failedFuture(
                      new PlacementFailedException(
                          "meeting "
                              + request.meetingId()
                              + " changed while it was being placed; try again")));
    }
    String won = bridge.voiceBridge();
    if (won.equals(claim.voiceBridge())) {
      return Future.succeededFuture(new Placed(outcome.current().orElseThrow(), true));
    }
    return store
        .putMeeting(claim.withVoiceBridge(won).as(MeetingRecord.Kind.UPDATE, instanceId))
        .map(updated -> new Placed(updated.current().orElseThrow(), updated.accepted()));
  }

  private Future<VoiceBridges.Candidate> claimBridge(
      String meetingId, String writeId, VoiceBridges.Candidate candidate) {
    VoiceBridgeRecord claim =
        new VoiceBridgeRecord(
            VoiceBridgeRecord.VERSION,
            candidate.voiceBridge(),
            meetingId,
            writeId,
            clock.getAsLong());
    return store
        .claimBridge(claim)
        .compose(
            owner -> {
              if (owner.equals(meetingId)) {
                return Future.succeededFuture(candidate);
              }
              return bridges
                  .firstFree(meetingId, candidate.index() + 1)
                  .map(next -> claimBridge(meetingId, writeId, next))
                  .orElseGet(
                      () ->
                          Future.failedFuture(
                              new PlacementFailedException(
                                  "no free voice bridge for meeting " + meetingId)));
            });
  }

  /** Ends the placement {@code meeting} holds (conditional: a newer placement is left alone). */
  public Future<Void> end(Meeting meeting) {
    return store.putMeeting(meeting.record().as(MeetingRecord.Kind.ENDED, instanceId)).mapEmpty();
  }
}
