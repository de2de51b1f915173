package io.switchboard.testkit.freeswitch;

import java.util.concurrent.CompletableFuture;

/**
 * Fires a {@link BulkEmission} on the simulator's event loop in small slices, so that sockets keep
 * being written and commands keep being answered meanwhile.
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
    long due =
        burst.ratePerSecond() == 0
            ? burst.count()
            : Math.min(
                burst.count(),
                (System.nanoTime() - startNanos) * burst.ratePerSecond() / 1_000_000_000L + 1);
    int size = (int) Math.min(SLICE, due - fired);
    if (size > 0) {
      long sequence = core.events().reserveSequences(size);
      core.fireAll(new BulkSlice(first(sequence), sequence, fired + 1, size));
      fired += size;
    }
    if (fired >= burst.count()) {
      done.complete(fired);
    } else if (fired < due) {
      core.vertx().runOnContext(v -> step());
    } else {
      core.vertx().setTimer(1, t -> step());
    }
  }

  /** The slice's first event, with Event-Sequence {@code sequence} and Load-Index fired + 1. */
  private SimEvent first(long sequence) {
    SimEvent event =
        core.events()
            .create(
                burst.name(),
                burst.subclass(),
                new EventFactory.Origin("mod_conference.c", "conference_thread_run", 267),
                EventFactory.nowMicros(),
                sequence);
    if (Conferences.MAINTENANCE.equals(burst.subclass())) {
      event
          .add("Conference-Name", "load")
          .add("Conference-Domain", core.identity().hostname())
          .add("Conference-Size", "0")
          .add("Action", "conference-heartbeat");
    }
    event.add("Load-Index", Long.toString(fired + 1));
    if (!padding.isEmpty()) {
      event.add("variable_padding", padding);
    }
    return event;
  }
}
