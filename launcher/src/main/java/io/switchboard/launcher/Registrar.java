package io.switchboard.launcher;

/** The SIP registrar the nodes register their rooms at, and where dial-in calls go. */
public interface Registrar extends AutoCloseable {
  /** host:port (UDP), as registration-service's REGISTRAR_PROXY. */
  String address();

  /** Which registrar this is, for the summary. */
  String description();

  @Override
  void close();
}
