package io.switchboard.provisioning.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.provisioning.node.NodeAnswer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Reloads per node and their outcome, and how long a node takes to answer one. */
public final class ReloadMetrics {
  private final MeterRegistry registry;

  public ReloadMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void reloaded(String node, NodeAnswer answer, long nanos) {
    Counter.builder("switchboard_provisioning_reloads")
        .description("reloadxml sent to a node, by its outcome")
        .tag("node", node)
        .tag("outcome", answer.kind().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
    Timer.builder("switchboard_provisioning_reload_seconds")
        .description("from sending reloadxml to a node to its answer")
        .tag("node", node)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
