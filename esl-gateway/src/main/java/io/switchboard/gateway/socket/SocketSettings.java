package io.switchboard.gateway.socket;

import io.switchboard.esl.EslClientOptions;
import io.switchboard.esl.EventFormat;
import java.time.Duration;
import java.util.List;

/**
 * How every event socket of the gateway is kept: the same for all of them, unlike the URL and id
 * each {@link SocketSupervisor} is given.
 *
 * @param format the form FreeSWITCH sends events in
 * @param events subscribed on every socket, besides those in the socket's URL
 * @param options timeouts and frame limits of the ESL client
 * @param heartbeatInterval FreeSWITCH's HEARTBEAT interval; a socket silent for two is dead (zero:
 *     never)
 * @param reconnect the backoff between connection attempts
 * @param subscriptionRetry how often a subscription FreeSWITCH refused is asked for again
 */
public record SocketSettings(
    EventFormat format,
    List<String> events,
    EslClientOptions options,
    Duration heartbeatInterval,
    ReconnectPolicy reconnect,
    Duration subscriptionRetry) {}
