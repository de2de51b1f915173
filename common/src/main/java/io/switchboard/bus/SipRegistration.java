package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Which node registers a room's number at the SIP registrar, and how that registration stands, on
 * the compacted {@code sip.registrations} keyed by room; a tombstone when the room ended. Never
 * carries the registration's password.
 *
 * @param room the room (conference) name, BBB's voice bridge
 * @param node the node hosting the room, whose FreeSWITCH registers it
 * @param profile the node's sofia profile the gateway lives in
 * @param gateway the sofia gateway's name
 * @param generation counts the room's gateways since the service started following it: a late event
 *     of an older generation never changes a newer one
 * @param state mod_sofia's gateway state (mod_sofia.c:2783) or {@code PENDING} before the gateway
 *     exists
 * @param since when {@code state} last changed (epoch ms)
 * @param createdAt when the room's conference-create arrived at the service
 * @param lastFailure the last failure, or null
 * @param updatedAt when this record was written
 */
@JsonPropertyOrder({
  "v",
  "room",
  "node",
  "profile",
  "gateway",
  "generation",
  "state",
  "since",
  "createdAt",
  "lastFailure",
  "updatedAt"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SipRegistration(
    int v,
    String room,
    String node,
    String profile,
    String gateway,
    long generation,
    String state,
    long since,
    long createdAt,
    Failure lastFailure,
    long updatedAt) {
  public static final int VERSION = 1;

  /**
   * A failed registration attempt or command.
   *
   * @param state the gateway state that reported it (FAILED, TIMEOUT) or {@code COMMAND}
   * @param status the SIP status FreeSWITCH gave (0 when none, e.g. after a timeout)
   * @param phrase the SIP reason phrase, or the command's error
   * @param at when it happened (epoch ms)
   */
  @JsonPropertyOrder({"state", "status", "phrase", "at"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Failure(String state, int status, String phrase, long at) {}
}
