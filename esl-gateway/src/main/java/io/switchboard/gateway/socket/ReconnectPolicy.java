package io.switchboard.gateway.socket;

import java.time.Duration;

/**
 * How a socket reconnects: backoff from {@code min} to {@code max}, begun again only after a
 * connection stayed up for {@code resetAfter}; a peer that accepts and then fails at once (a
 * protocol error, a disconnect notice) keeps the backoff growing instead of being hammered.
 */
public record ReconnectPolicy(Duration min, Duration max, Duration resetAfter) {}
