package io.switchboard.gateway.socket;

import io.switchboard.esl.EslUrl;

/** One configured event socket: {@code ESL_URL} has id "0", {@code ESL_URL_1} id "1", and so on. */
public record ConfiguredSocket(String id, EslUrl url) {}
