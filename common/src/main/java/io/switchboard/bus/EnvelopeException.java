package io.switchboard.bus;

/** A record on a topic is not a valid envelope of the expected type. */
public final class EnvelopeException extends RuntimeException {
  public EnvelopeException(String message) {
    super(message);
  }

  public EnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
