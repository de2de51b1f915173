package io.switchboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloserTest {
  @Test
  void closesInReverseOrderAndGoesOnPastAFailure() {
    List<String> closed = new ArrayList<>();
    Closer closer = new Closer("test");
    closer.add(() -> closed.add("first"));
    closer.add(
        () -> {
          closed.add("second");
          throw new IllegalStateException("broken");
        });
    closer.add(() -> closed.add("third"));
    closer.close();
    assertEquals(List.of("third", "second", "first"), closed);
    closer.close();
    assertEquals(3, closed.size(), "each part is closed once");
  }

  @Test
  void aFailedStartIsClosedOnAWorkerThenFails() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<String> threads = new ArrayList<>();
      IllegalStateException failure = new IllegalStateException("no broker");
      Future<Void> result =
          vertx
              .getOrCreateContext()
              .<Future<Void>>executeBlocking(() -> null)
              .compose(
                  v ->
                      Closer.closeAndFail(
                          vertx, () -> threads.add(Thread.currentThread().getName()), failure));
      Throwable cause =
          result
              .toCompletionStage()
              .toCompletableFuture()
              .handle((v, e) -> e)
              .get(10, TimeUnit.SECONDS);
      assertSame(
          failure,
          cause instanceof java.util.concurrent.CompletionException ? cause.getCause() : cause);
      assertEquals(1, threads.size());
      assertFalse(threads.get(0).contains("eventloop"), "closed on " + threads.get(0));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
