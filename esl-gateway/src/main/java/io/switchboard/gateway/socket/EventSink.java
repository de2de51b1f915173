package io.switchboard.gateway.socket;

import io.switchboard.esl.EslEvent;

/**
 * Where a socket's events go, with the socket id, the connection's epoch (see {@link
 * ConnectionEpochs}) and its sequence number on that connection.
 */
@FunctionalInterface
public interface EventSink {
  void accept(String socketId, long epoch, long seq, EslEvent event);
}
