package io.switchboard.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service (or the demo) opened while starting, closed in the reverse order: a part that
 * fails to close is logged, and the parts opened before it are still closed.
 */
public final class Closer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

  private final String owner;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** {@code owner} names the service in the log line of a failed close. */
  public Closer(String owner) {
    this.owner = owner;
  }

  /** Remembers {@code resource} to be closed before everything added earlier; returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * For a start that failed part-way: closes {@code service} on a worker (closing waits for clients
   * and threads, which an event loop must not), then fails with {@code failure}.
   */
  public static <T> Future<T> closeAndFail(Vertx vertx, AutoCloseable service, Throwable failure) {
    return vertx
        .executeBlocking(
            () -> {
              service.close();
              return null;
            },
            false)
        .transform(closed -> Future.failedFuture(failure));
  }

  @Override
  public void close() {
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        next = opened.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("{}: closing {} failed: {}", owner, next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
