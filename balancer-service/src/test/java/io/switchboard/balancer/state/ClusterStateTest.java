package io.switchboard.balancer.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.tenant.Tenant;
import io.switchboard.bus.Json;
import io.switchboard.security.SecretSealer;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules every instance applies to records in log order. */
class ClusterStateTest {
  private final ClusterState state =
      new ClusterState(
          SecretSealer.fromKeys(List.of(Base64.getEncoder().encodeToString(new byte[16]))));

  private static MeetingRecord record(
      String writeId, MeetingRecord.Kind kind, String supersedes, String server) {
    return record("m", writeId, kind, supersedes, server);
  }

  private static MeetingRecord record(
      String meetingId, String writeId, MeetingRecord.Kind kind, String supersedes, String server) {
    return new MeetingRecord(
        MeetingRecord.VERSION,
        meetingId,
        writeId,
        kind,
        supersedes,
        server,
        "12345",
        1,
        "i",
        0,
        null,
        "x");
  }

  private void apply(MeetingRecord r) {
    state.applyMeeting(r.meetingId(), Json.encode(r));
  }

  @Test
  void theFirstClaimWinsAndTheLoserSeesTheWinner() {
    MeetingRecord first = record("w1", MeetingRecord.Kind.CLAIM, null, "a");
    MeetingRecord second = record("w2", MeetingRecord.Kind.CLAIM, null, "b");
    apply(first);
    apply(second);
    assertTrue(state.outcomeOf(first).accepted());
    ClusterState.MeetingOutcome lost = state.outcomeOf(second);
    assertFalse(lost.accepted());
    assertEquals("a", lost.current().orElseThrow().serverId());
    apply(first.as(MeetingRecord.Kind.UPDATE, "y"));
    assertEquals(
        "a",
        state.meeting("m").orElseThrow().serverId(),
        "the loser's re-write of the winner changes nothing");
  }

  @Test
  void aSupersedingClaimMovesTheMeetingAndStaleRecordsAreIgnored() {
    MeetingRecord first = record("w1", MeetingRecord.Kind.CLAIM, null, "a");
    apply(first);
    apply(record("w2", MeetingRecord.Kind.CLAIM, "w1", "b"));
    assertEquals("b", state.meeting("m").orElseThrow().serverId());
    assertEquals(1, state.meetingsOn("b").size());
    assertTrue(state.meetingsOn("a").isEmpty());
    apply(first.as(MeetingRecord.Kind.ENDED, "poller of a"));
    assertEquals(
        "b",
        state.meeting("m").orElseThrow().serverId(),
        "the old placement's end does not end the new one");
    apply(record("w3", MeetingRecord.Kind.CLAIM, "w1", "c"));
    assertEquals(
        "b",
        state.meeting("m").orElseThrow().serverId(),
        "a claim superseding an old placement loses");
    apply(record("w2", MeetingRecord.Kind.ENDED, null, "b"));
    assertTrue(state.meeting("m").isEmpty());
    assertTrue(state.outcomeOf(record("w2", MeetingRecord.Kind.ENDED, null, "b")).accepted());
  }

  @Test
  void theFirstClaimOfAVoiceBridgeOwnsIt() {
    state.applyBridge("12345", Json.encode(new VoiceBridgeRecord(1, "12345", "m1", "w1", 0)));
    state.applyBridge("12345", Json.encode(new VoiceBridgeRecord(1, "12345", "m2", "w2", 0)));
    assertEquals("m1", state.bridgeOwner("12345").orElseThrow());
  }

  @Test
  void eachNamespaceCountsItsMeetingsAndParticipantsAsTheyComeAndGo() {
    apply(record("acme~one", "w1", MeetingRecord.Kind.CLAIM, null, "a"));
    apply(record("acme~two", "w2", MeetingRecord.Kind.CLAIM, null, "a"));
    apply(record("beta~one", "w3", MeetingRecord.Kind.CLAIM, null, "a"));
    apply(record("plain", "w4", MeetingRecord.Kind.CLAIM, null, "a"));
    assertEquals(2, state.tally().of("acme").meetings());
    assertEquals(1, state.tally().of("beta").meetings());
    assertEquals(1, state.tally().of(MeetingNamespace.UNTENANTED).meetings());
    assertEquals(0, state.tally().of("gamma").meetings());

    Meeting one = state.meeting("acme~one").orElseThrow();
    one.counts(new Meeting.Counts(3, 0, 0, 0));
    state.meeting("acme~two").orElseThrow().counts(new Meeting.Counts(2, 0, 0, 0));
    one.counts(new Meeting.Counts(4, 1, 0, 0));
    assertEquals(6, state.tally().of("acme").participants());

    apply(record("acme~one", "w5", MeetingRecord.Kind.CLAIM, "w1", "b"));
    assertEquals(2, state.tally().of("acme").meetings(), "a move is the same meeting");
    assertEquals(6, state.tally().of("acme").participants(), "its figures move with it");
    one.counts(new Meeting.Counts(40, 0, 0, 0));
    assertEquals(
        6, state.tally().of("acme").participants(), "a replaced placement's late poll is ignored");

    apply(record("acme~one", "w5", MeetingRecord.Kind.ENDED, null, "b"));
    apply(record("acme~one", "w5", MeetingRecord.Kind.ENDED, null, "b"));
    assertEquals(1, state.tally().of("acme").meetings(), "an end applied twice counts once");
    assertEquals(2, state.tally().of("acme").participants());
    state.applyMeeting("acme~two", null);
    assertEquals(0, state.tally().of("acme").meetings());
    assertEquals(0, state.tally().of("acme").participants());
  }

  @Test
  void aMeetingIsATenantsOnlyWhenItsPrefixHasTheFormOfATenantId() {
    assertEquals("acme", MeetingNamespace.of("acme~room"));
    assertEquals("a-1", MeetingNamespace.of("a-1~x~y"));
    for (String plain :
        List.of(
            "room",
            "~room",
            "Acme~room",
            "-a~room",
            "a-~room",
            "a.b~room",
            "x".repeat(33) + "~r")) {
      assertEquals(MeetingNamespace.UNTENANTED, MeetingNamespace.of(plain), plain);
    }
    assertEquals("x".repeat(32), MeetingNamespace.of("x".repeat(32) + "~r"));
    for (String id : List.of("a", "acme", "a-b", "9", "-a", "a-", "A", "a_b", "", "x".repeat(33))) {
      assertEquals(
          id.matches(Tenant.ID_PATTERN),
          MeetingNamespace.isTenants(id + "~room"),
          "the same rule as a tenant's id: " + id);
    }
  }
}
