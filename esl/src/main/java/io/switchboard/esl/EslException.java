package io.switchboard.esl;

/** A command or connection failed; the message says which and why. */
public class EslException extends RuntimeException {
  public EslException(String message) {
    super(message);
  }

  public EslException(String message, Throwable cause) {
    super(message, cause);
  }
}
