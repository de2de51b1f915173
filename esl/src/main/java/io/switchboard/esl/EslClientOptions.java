package io.switchboard.esl;

import java.time.Duration;

/**
 * Limits and timeouts of one event-socket client connection.
 *
 * @param connectTimeout TCP connect plus authentication
 * @param commandTimeout how long a command may wait for its reply; a reply that never comes leaves
 *     the reply stream out of step, so the connection is closed
 * @param jobTimeout how long a bgapi job may run before its future fails (the connection stays)
 * @param maxHeaderBytes largest header block accepted from FreeSWITCH
 * @param maxContentLength largest body accepted (FreeSWITCH's own limit is 16 MiB)
 */
public record EslClientOptions(
    Duration connectTimeout,
    Duration commandTimeout,
    Duration jobTimeout,
    int maxHeaderBytes,
    int maxContentLength) {
  public static EslClientOptions defaults() {
    return new EslClientOptions(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        EslFrameDecoder.DEFAULT_MAX_HEADER_BYTES,
        EslFrameDecoder.DEFAULT_MAX_CONTENT_LENGTH);
  }

  public EslClientOptions withCommandTimeout(Duration timeout) {
    return new EslClientOptions(
        connectTimeout, timeout, jobTimeout, maxHeaderBytes, maxContentLength);
  }

  public EslClientOptions withJobTimeout(Duration timeout) {
    return new EslClientOptions(
        connectTimeout, commandTimeout, timeout, maxHeaderBytes, maxContentLength);
  }

  public EslClientOptions withConnectTimeout(Duration timeout) {
    return new EslClientOptions(
        timeout, commandTimeout, jobTimeout, maxHeaderBytes, maxContentLength);
  }
}
