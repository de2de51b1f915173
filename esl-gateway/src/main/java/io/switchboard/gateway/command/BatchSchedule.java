package io.switchboard.gateway.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * When each step of one polled batch may start, and when the batch is done. Steps start in the
 * batch's order. A step for FreeSWITCH (an API command) starts when no other API or file step runs,
 * an earlier batch's included, so it sees every file written before it and FreeSWITCH gets its
 * commands one at a time, as they were sent. A file step starts when its {@link Claim} collides
 * with no running file step's, an earlier batch's included (the same command id, a file of the same
 * name, or a folder named as one of its files), up to {@link StepsUnderWay#MAX_FILE_STEPS} at once:
 * each put syncs its files and their folder, and a disk takes concurrent syncs in one commit, so a
 * burst of puts for different rooms costs about one sync instead of one each, while a put and a
 * delete of the same file still happen in the order they were sent. A file step does not wait for
 * an API command still running in FreeSWITCH (a {@code rescan} or {@code reloadxml} of a large
 * configuration takes hundreds of milliseconds, and the next rooms' files should not wait for it).
 * FreeSWITCH reads the files only when such a command tells it to, so an API command sees every
 * file written before it and may see some written while it runs, even part of one put; the services
 * follow every write with a reload or rescan of their own, for which seeing more is harmless. A
 * step that only answers or skips a record starts at its turn whatever runs.
 *
 * <p>The batch is done when its answer steps have finished and its API and file steps have started:
 * such a step is journaled as started before it runs, so its records may be committed while it
 * works, and the next batch is fetched meanwhile, its steps waiting only for the running ones they
 * collide with ({@link StepsUnderWay}). A gateway that stops meanwhile answers the command {@code
 * unknown} on its next start, as for any command it stopped during. After a step fails before it is
 * under way, no further step of the batch starts, and the batch fails with the first failure once
 * each step it started is under way or has failed (running ones are not waited for). On the
 * processor's context.
 */
final class BatchSchedule {
  /** What a step needs to have to itself before it starts. */
  enum Kind {
    API,
    FILE,
    ANSWER
  }

  /** A step: completes {@code started} once it is safely under way, returns its end. */
  @FunctionalInterface
  interface Run {
    Future<Void> run(Promise<Void> started);
  }

  /**
   * What a file step holds while it runs: its command's id, the names of the files it touches and
   * of the folders on their paths, as the caller compares them (it makes two paths that can reach
   * one file give the same names). Two steps conflict when they share the id or a file name, or a
   * file name of one is a folder name of the other (a folder, or a link to one, replaced while a
   * file is written below it).
   */
  record Claim(String id, Set<String> files, Set<String> folders) {}

  /** {@code claim}: a file step's, null for other steps and for a file step that runs alone. */
  private record Step(Kind kind, Claim claim, Run run) {}

  private final Deque<Step> waiting = new ArrayDeque<>();
  private final Promise<Void> done = Promise.promise();
  private final StepsUnderWay running;
  private int starting;
  private Throwable failure;
  private boolean begun;
  private boolean inNext;
  private boolean again;

  /** {@code running}: the steps under way, of this batch and the ones before. */
  BatchSchedule(StepsUnderWay running) {
    this.running = running;
  }

  /** An API step, or one that only answers or skips its record. */
  void add(Kind kind, Run run) {
    if (kind == Kind.FILE) {
      throw new IllegalArgumentException("a file step names what it claims: addFile");
    }
    waiting.add(new Step(kind, null, run));
  }

  /**
   * A file step holding {@code claim} while it runs; null when it cannot be told: it runs alone.
   */
  void addFile(Claim claim, Run run) {
    waiting.add(new Step(Kind.FILE, claim, run));
  }

  /** Starts the steps once {@code after} succeeded; fails without starting any if it failed. */
  Future<Void> run(Future<Void> after) {
    after.onComplete(
        ar -> {
          if (ar.failed()) {
            done.fail(ar.cause());
          } else {
            begun = true;
            running.watch(this::next);
            next();
          }
        });
    return done.future();
  }

  /**
   * Starts what may start. A step that finishes at once calls back in here; it only asks for
   * another round, so a batch of records for other nodes does not nest a call per record.
   */
  private void next() {
    if (!begun) {
      return;
    }
    if (inNext) {
      again = true;
      return;
    }
    inNext = true;
    do {
      again = false;
      while (failure == null && !waiting.isEmpty() && mayStart(waiting.peekFirst())) {
        start(waiting.removeFirst());
      }
    } while (again);
    inNext = false;
    if (failure != null) {
      waiting.clear(); // never started; the batch comes again
    }
    if (starting == 0 && (failure != null || waiting.isEmpty())) {
      if (failure != null) {
        done.tryFail(failure);
      } else {
        done.tryComplete();
      }
    }
  }

  private boolean mayStart(Step step) {
    return switch (step.kind()) {
      case API -> running.apiMayStart();
      case FILE -> running.fileMayStart(step.claim());
      case ANSWER -> true;
    };
  }

  private void start(Step step) {
    starting++;
    Promise<Void> started = Promise.promise();
    Future<Void> end;
    try {
      end = step.run().run(started);
    } catch (RuntimeException e) {
      end = Future.failedFuture(e);
    }
    // A step answered without running (refused, expired, seen before) starts as it ends.
    end.onComplete(
        ar -> {
          if (ar.failed()) {
            started.tryFail(ar.cause());
          } else {
            started.tryComplete();
          }
        });
    if (step.kind() == Kind.API) {
      running.apiStarted(end);
    } else if (step.kind() == Kind.FILE) {
      running.fileStarted(step.claim(), end);
    }
    started.future().onComplete(ar -> over(ar.cause()));
  }

  /** A step's part in the batch is over; {@code cause} is its failure, or null. */
  private void over(Throwable cause) {
    starting--;
    if (cause != null && failure == null) {
      failure = cause;
    }
    next();
  }
}
