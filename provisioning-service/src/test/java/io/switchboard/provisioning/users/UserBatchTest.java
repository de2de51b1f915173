package io.switchboard.provisioning.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.provisioning.folder.UserXml;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserBatchTest {
  private final Vertx vertx = Vertx.vertx();
  private final Layout layout = new Layout("directory", "dialplan", Set.of("team"));
  private final Map<String, ContextRange> ranges =
      Map.of("team", new ContextRange("team", 20000, 29999));
  private final AtomicInteger parsed = new AtomicInteger();
  private final FileIndex<DirectoryUser> index =
      new FileIndex<>(
          vertx,
          List.of("team"),
          layout::usersOf,
          (text, context) -> {
            parsed.incrementAndGet();
            return UserXml.parse(text, context);
          });

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private <T> T onContext(Context context, Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theUsersABatchWritesAreKnownToTheIndexWithoutParsingTheirFilesBack() throws Exception {
    Context context = vertx.getOrCreateContext();
    Map<String, String> applied = new TreeMap<>();
    List<JsonObject> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(
          new JsonObject()
              .put("name", "user " + i + " <&> $${x}")
              .put("email", "u" + i + "@example.org")
              .put("context", "team"));
    }
    // A name XML would change (a tab becomes a space): left to the parser.
    items.add(
        new JsonObject()
            .put("name", "tab\there")
            .put("email", "t@example.org")
            .put("context", "team"));

    List<DirectoryUser> listed =
        onContext(
            context,
            () -> {
              UserBatch batch = new UserBatch(layout, ranges, index.all(), applied).add(items);
              batch.describeTo(index);
              for (FileChange change : batch.changes()) {
                applied.put(change.path(), change.after());
              }
              return index.prepare(applied);
            });

    assertEquals(1, parsed.get(), "only the file that would not read back is parsed");
    assertEquals(201, listed.size());
    // What the index holds is what parsing the files gives.
    List<DirectoryUser> fromFiles = new ArrayList<>();
    applied.values().forEach(text -> fromFiles.add(UserXml.parse(text, "team").orElseThrow()));
    assertEquals(fromFiles, listed);
  }
}
