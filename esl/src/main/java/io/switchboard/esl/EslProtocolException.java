package io.switchboard.esl;

/**
 * The peer sent bytes that are not a valid event-socket frame, or a frame beyond the configured
 * limits. The connection it came from can no longer be trusted and must be closed; nothing else is
 * affected.
 */
public final class EslProtocolException extends Exception {
  public EslProtocolException(String message) {
    super(message);
  }

  public EslProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
