package io.switchboard.launcher;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** The demo starts and stops its parts one after the other, off any event loop. */
final class Futures {
  private Futures() {}

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
