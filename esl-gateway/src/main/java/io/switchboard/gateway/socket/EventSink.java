package io.switchboard.gateway.socket;

import io.switchboard.esl.EslEvent;

/** Where a socket's events go, with the socket id and the connection's sequence number. */
@FunctionalInterface
public interface EventSink {
  void accept(String socketId, long seq, EslEvent event);
}
