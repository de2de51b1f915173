package io.switchboard.balancer.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts placements by how they came about: new, existing (repeated create), adopted, replaced,
 * moved.
 */
public final class PlacementMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public PlacementMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void placed(String how) {
    counters
        .computeIfAbsent(
            how,
            k ->
                Counter.builder("switchboard.balancer.placements")
                    .description(
                        "Meeting placements: new, existing (repeated create), adopted (another instance won the claim), "
                            + "replaced (its server had gone), moved")
                    .tag("kind", k)
                    .register(registry))
        .increment();
  }
}
