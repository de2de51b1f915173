package io.switchboard.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.files.SpareFiles;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters, named switchboard_gateway_*: what an operator graphs and alerts on. Gauges
 * (connection state, spool depth) are registered by the parts that own the values.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final Timer publishLatency;
  private final Timer commandLatency;
  private final Counter spoolDropped;
  private final Counter queueDropped;
  private final Counter producerRestarts;

  /** Per-event counters, looked up once: a registry lookup per event costs more than the count. */
  private final Map<String, Counter> received = new ConcurrentHashMap<>();

  private final Map<String, Counter> published = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.publishLatency =
        Timer.builder("switchboard.gateway.publish.latency")
            .description("From receiving an event to Kafka acknowledging it")
            // Buckets only, no client-side percentiles: this is recorded for every event, and
            // Prometheus derives quantiles from the buckets (histogram_quantile).
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    this.commandLatency =
        Timer.builder("switchboard.gateway.command.latency")
            .description("From consuming a command to producing its result")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    this.spoolDropped =
        Counter.builder("switchboard.gateway.spool.dropped")
            .description("Events lost because the spool reached its cap")
            .baseUnit("events")
            .register(registry);
    this.queueDropped =
        Counter.builder("switchboard.gateway.queue.dropped")
            .description("Events lost because the spool writer could not keep up")
            .baseUnit("events")
            .register(registry);
    this.producerRestarts =
        Counter.builder("switchboard.gateway.producer.restarts")
            .description(
                "Event producers thrown away and made again (a fatal error, or a buffer the spool's cap voided)")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void received(String socket) {
    received
        .computeIfAbsent(
            socket, s -> registry.counter("switchboard.gateway.events.received", "socket", s))
        .increment();
  }

  public void published(String topic, long receivedMicros) {
    published
        .computeIfAbsent(
            topic, t -> registry.counter("switchboard.gateway.events.published", "topic", t))
        .increment();
    if (receivedMicros > 0) {
      long micros = nowMicros() - receivedMicros;
      publishLatency.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
  }

  public void spoolDropped(long events) {
    spoolDropped.increment(events);
  }

  /**
   * An event larger than Kafka takes, set aside in the dead-letter folder ({@code kept}) or not.
   */
  public void oversized(String topic, boolean kept) {
    registry
        .counter(
            "switchboard.gateway.events.oversized", "topic", topic, "kept", Boolean.toString(kept))
        .increment();
  }

  public void producerRestarted() {
    producerRestarts.increment();
  }

  public void queueDropped() {
    queueDropped.increment();
  }

  public void reconnect(String socket) {
    registry.counter("switchboard.gateway.reconnects", "socket", socket).increment();
  }

  public void protocolError(String socket) {
    registry.counter("switchboard.gateway.protocol.errors", "socket", socket).increment();
  }

  /** outcome: executed, failed, rejected, expired, duplicate, ignored. */
  public void command(String outcome) {
    registry.counter("switchboard.gateway.commands", "outcome", outcome).increment();
  }

  /** The spare files of file puts: how many are ready, and the files written without one. */
  public void spares(SpareFiles spares) {
    Gauge.builder("switchboard.gateway.files.spare.ready", spares, SpareFiles::ready)
        .description("Empty files ready for the next file puts (FS_FILES_SPARE)")
        .register(registry);
    FunctionCounter.builder("switchboard.gateway.files.spare.missed", spares, SpareFiles::missed)
        .description("Files a put wrote without a spare: none ready, or on another mount")
        .register(registry);
  }

  public void commandLatency(Duration duration) {
    commandLatency.record(duration);
  }

  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
