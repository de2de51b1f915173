package io.switchboard.gateway.spool;

/**
 * One record waiting for Kafka: where it goes and what it is, plus where it sits in the spool so
 * that its acknowledgement can advance the spool's persisted position.
 *
 * @param position the spool position just after this record
 * @param receivedMicros when the gateway received the event (epoch microseconds), 0 if unknown
 */
public record SpoolRecord(
    String topic, String key, byte[] value, SpoolPosition position, long receivedMicros) {}
