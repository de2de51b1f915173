package io.switchboard.testkit.bbb;

/** Ways a simulated BBB server can misbehave, switchable while it runs. */
public enum BbbFault {
  /** Answers like BigBlueButton. */
  NONE,
  /** Accepts connections and reads requests but never answers: clients must time out. */
  HANG,
  /** Answers HTTP 200 with a body that is not XML. */
  GARBAGE,
  /**
   * Answers HTTP 500 with an nginx-style error page, as a bbb-web that is down behind nginx does.
   */
  HTTP_ERROR,
  /** Stops listening: connections are refused until another fault (or NONE) is set. */
  OFFLINE,
  /** Answers correctly after the extra {@link BbbSimulatorConfig#slowDelay()}. */
  SLOW
}
