package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fires a {@link BulkEmission} on the simulator's event loop in small slices, so that sockets
 * keep being written and commands keep being answered meanwhile.
 */
final class BulkEmitter {
  private static final int SLICE = 256;

  private final SimulatorCore core;
  private final BulkEmission burst;
  private final CompletableFuture<Long> done;
  private final String padding;
  private long fired;
  private long startNanos;

  BulkEmitter(SimulatorCore core, BulkEmission burst, CompletableFuture<Long> done) {
    this.core = core;
    this.burst = burst;
    this.done = done;
    // The standard and conference headers come to about 600 bytes in the plain format.
    this.padding = "x".repeat(Math.max(0, burst.bytes() - 600));
  }

  void start() {
    startNanos = System.nanoTime();
    step();
  }

  private void step() {
    long due = burst.ratePerSecond() == 0 ? burst.count()
        : Math.min(burst.count(), (System.nanoTime() - startNanos) * burst.ratePerSecond() / 1_000_000_000L + 1);
    List<SimEvent> slice = new ArrayList<>(SLICE);
    while (fired < due && slice.size() < SLICE) {
      slice.add(next());
    }
    core.fireAll(slice);
    if (fired >= burst.count()) {
      done.complete(fired);
    } else if (fired < due) {
      core.vertx().runOnContext(v -> step());
    } else {
      core.vertx().setTimer(1, t -> step());
    }
  }

  private SimEvent next() {
    fired++;
    SimEvent event = core.events().create(burst.name(), burst.subclass(),
        new EventFactory.Origin("mod_conference.c", "conference_thread_run", 267));
    if (Conferences.MAINTENANCE.equals(burst.subclass())) {
      event.add("Conference-Name", "load")
          .add("Conference-Domain", core.identity().hostname())
          .add("Conference-Size", "0")
          .add("Action", "conference-heartbeat");
    }
    event.add("Load-Index", Long.toString(fired));
    if (!padding.isEmpty()) {
      event.add("variable_padding", padding);
    }
    return event;
  }
}
