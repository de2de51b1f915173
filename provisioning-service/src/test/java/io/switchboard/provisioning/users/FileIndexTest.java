package io.switchboard.provisioning.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileIndexTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> parsedOn = new CopyOnWriteArrayList<>();
  private final CountDownLatch parsing = new CountDownLatch(1);
  private volatile boolean holdParsing;
  private final FileIndex<String> index =
      new FileIndex<>(
          vertx,
          List.of("default"),
          context -> "directory/" + context,
          (text, context) -> {
            parsedOn.add(Thread.currentThread().getName());
            if (holdParsing) {
              await(parsing);
            }
            return Optional.of(context + ":" + text);
          });

  @AfterEach
  void close() {
    parsing.countDown();
    vertx.close().await();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T onContext(Context context, Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(work.get()));
    return result.get(10, TimeUnit.SECONDS);
  }

  private <T> T awaitOnContext(Context context, Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Map<String, String> users(int count) {
    Map<String, String> applied = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      applied.put("directory/default/" + i + ".xml", new String("user " + i));
    }
    applied.put("dialplan/default/1.xml", "not a user");
    return applied;
  }

  @Test
  void preparedFilesAreParsedOnAWorkerAndReadWithoutParsing() throws Exception {
    Context context = vertx.getOrCreateContext();
    Map<String, String> applied = users(100);

    List<String> prepared = awaitOnContext(context, () -> index.prepare(applied));
    assertEquals(100, prepared.size());
    assertEquals(100, parsedOn.size());
    assertTrue(parsedOn.stream().allMatch(t -> t.contains("worker")), parsedOn.toString());

    parsedOn.clear();
    List<String> all = onContext(context, index::all);
    assertSame(prepared, all);
    assertEquals(List.of(), parsedOn, "read without parsing again");

    // A change of one file parses that file only, on a worker; the others' state is kept.
    applied.put("directory/default/7.xml", new String("user 7 renamed"));
    all = awaitOnContext(context, () -> index.prepare(applied));
    assertTrue(all.contains("default:user 7 renamed"), all.toString());
    assertEquals(1, parsedOn.size());
    assertTrue(parsedOn.get(0).contains("worker"), parsedOn.toString());

    // A change of no file of the index keeps its state, the same List.
    applied.put("dialplan/default/2.xml", "still not a user");
    assertSame(all, awaitOnContext(context, () -> index.prepare(applied)));
  }

  @Test
  void whatTheWriterKnowsIsTakenWithoutParsing() throws Exception {
    Context context = vertx.getOrCreateContext();
    Map<String, String> applied = users(3);
    awaitOnContext(context, () -> index.prepare(applied));
    parsedOn.clear();

    String written = new String("user 3");
    String other = new String("user 4");
    onContext(
        context,
        () -> {
          index.know("directory/default/3.xml", written, "described by its writer");
          // Known for a text that is not the one landing (an equal String is not enough).
          index.know("directory/default/4.xml", new String("user 4"), "stale");
          return null;
        });
    applied.put("directory/default/3.xml", written);
    applied.put("directory/default/4.xml", other);
    List<String> all = awaitOnContext(context, () -> index.prepare(applied));

    assertTrue(all.contains("described by its writer"), all.toString());
    assertTrue(all.contains("default:user 4"), all.toString());
    assertFalse(all.contains("stale"), all.toString());
    assertEquals(1, parsedOn.size(), "only the file whose text was not known: " + parsedOn);
  }

  @Test
  void readersSeeTheLastPreparedStateAndReadyWaitsForTheOneUnderWay() throws Exception {
    Context context = vertx.getOrCreateContext();
    Map<String, String> applied = users(2);
    List<String> before = awaitOnContext(context, () -> index.prepare(applied));

    holdParsing = true;
    applied.put("directory/default/9.xml", new String("user 9"));
    onContext(context, () -> index.prepare(applied));
    CompletableFuture<List<String>> ready = new CompletableFuture<>();
    onContext(context, () -> index.ready().onSuccess(ready::complete));

    // While the new file is parsed on a worker, readers get the state before it, at once.
    assertSame(before, onContext(context, index::all));
    assertFalse(ready.isDone(), "ready waits for the preparation under way");

    parsing.countDown();
    List<String> after = ready.get(10, TimeUnit.SECONDS);
    assertTrue(after.contains("default:user 9"), after.toString());
    assertSame(after, onContext(context, index::all));
  }
}
