package io.switchboard.testkit.freeswitch;

/**
 * What a FreeSWITCH process says about itself in every event and in {@code status}/{@code version}.
 */
record Identity(
    String coreUuid,
    String hostname,
    String switchname,
    String ipv4,
    String ipv6,
    String version,
    long startedAtMillis) {}
