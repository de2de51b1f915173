package io.switchboard.esl;

/**
 * FreeSWITCH's answer to a command: {@code Reply-Text} of a {@code command/reply}, or the body of
 * an {@code api/response}.
 */
public record EslReply(String text, EslFrame frame) {
  /** FreeSWITCH marks failures with a leading {@code -ERR} (and {@code -USAGE} for some APIs). */
  public boolean ok() {
    return text == null || !(text.startsWith("-ERR") || text.startsWith("-USAGE"));
  }

  /** The {@code Job-UUID} of a bgapi reply. */
  public String jobUuid() {
    return frame == null ? null : frame.header("Job-UUID");
  }
}
