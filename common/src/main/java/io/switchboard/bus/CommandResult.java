package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The one result of one command, on {@code fs.command-results} keyed by command id.
 *
 * @param reply FreeSWITCH's reply text (for api commands), with secrets masked by the gateway
 * @param error why the command was not executed or failed, for a human
 * @param receivedAt when the gateway consumed the command (epoch ms)
 * @param startedAt when execution started, 0 when it never started
 * @param finishedAt when the result was produced
 * @param replyBytes when present, the reply was cut to fit in a Kafka record: the size in bytes
 *     (UTF-8) of FreeSWITCH's whole reply; null when the reply is whole
 */
@JsonPropertyOrder({
  "v",
  "id",
  "node",
  "status",
  "reply",
  "error",
  "receivedAt",
  "startedAt",
  "finishedAt",
  "replyBytes"
})
public record CommandResult(
    int v,
    String id,
    String node,
    Status status,
    String reply,
    String error,
    long receivedAt,
    long startedAt,
    long finishedAt,
    Long replyBytes) {
  public static final int VERSION = 1;

  public enum Status {
    /** Executed; FreeSWITCH did not answer {@code -ERR}. */
    OK,
    /** Executed, and FreeSWITCH answered {@code -ERR ...}, or the operation failed. */
    ERROR,
    /** Not executed: it arrived after its expiry. */
    EXPIRED,
    /** Not executed: malformed, not allowlisted, or outside the configuration folder. */
    REJECTED,
    /**
     * Started by a gateway that stopped before it could answer: FreeSWITCH may or may not have run
     * it. Never run again.
     */
    UNKNOWN;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Status fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
