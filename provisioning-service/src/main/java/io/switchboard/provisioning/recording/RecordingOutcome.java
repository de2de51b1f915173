package io.switchboard.provisioning.recording;

/**
 * How one recording command ended.
 *
 * @param file the recording's file name in the recordings folder, null when none was chosen
 * @param message why it was not done, or the node's reply when it was
 */
public record RecordingOutcome(
    Kind kind,
    String node,
    String conference,
    RecordingAction action,
    String file,
    String message) {
  public enum Kind {
    /** The node answered without {@code -ERR}. */
    DONE,
    /** A conference name, file name or node that cannot be. */
    INVALID,
    /** No node runs the conference. */
    NOT_FOUND,
    /** Not sent, as things are: already recording, nothing to pause, several nodes. */
    REFUSED,
    /** The node answered {@code -ERR} somewhere, its gateway refused it, or nobody answered. */
    FAILED
  }

  public boolean done() {
    return kind == Kind.DONE;
  }
}
