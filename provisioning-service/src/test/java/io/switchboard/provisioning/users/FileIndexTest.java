package io.switchboard.provisioning.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileIndexTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> parsedOn = new CopyOnWriteArrayList<>();
  private final FileIndex<String> index =
      new FileIndex<>(
          List.of("default"),
          context -> "directory/" + context,
          (text, context) -> {
            parsedOn.add(Thread.currentThread().getName());
            return Optional.of(context + ":" + text);
          });

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private <T> T onContext(Context context, Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(work.get()));
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void preparedFilesAreParsedOnAWorkerAndNotAgainWhenRead() throws Exception {
    Context context = vertx.getOrCreateContext();
    Map<String, String> applied = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      applied.put("directory/default/" + i + ".xml", new String("user " + i));
    }
    applied.put("dialplan/default/1.xml", "not a user");

    onContext(context, () -> index.prepare(vertx, applied))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(100, parsedOn.size());
    assertTrue(parsedOn.stream().allMatch(t -> t.contains("worker")), parsedOn.toString());

    parsedOn.clear();
    List<String> all = onContext(context, () -> index.all(applied));
    assertEquals(100, all.size());
    assertEquals(List.of(), parsedOn, "read without parsing again");

    // A file changed after the preparation is parsed when read, in its new text.
    applied.put("directory/default/7.xml", new String("user 7 renamed"));
    all = onContext(context, () -> index.all(applied));
    assertTrue(all.contains("default:user 7 renamed"), all.toString());
    assertEquals(1, parsedOn.size());
  }
}
