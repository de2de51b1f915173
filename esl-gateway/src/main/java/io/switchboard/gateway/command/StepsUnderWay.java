package io.switchboard.gateway.command;

import io.vertx.core.Future;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The steps running now, of whichever batch, as {@link BatchSchedule} asks before it starts one: a
 * batch is done once its steps are under way, so the next batch's steps may meet the last one's
 * still running. One per processor, on its context.
 */
final class StepsUnderWay {
  /**
   * File steps under way at once. A put holds a worker thread while it syncs (and a files.put the
   * file-sync pool's threads); eight leave the worker pool room for the journal and the replies.
   */
  static final int MAX_FILE_STEPS = 8;

  private Future<Void> apiEnd = Future.succeededFuture();
  private int files;
  private boolean alone;
  private final Set<String> busyIds = new HashSet<>();
  private final Set<String> busyFiles = new HashSet<>();

  /** Folder names on the running steps' paths, with how many steps hold each. */
  private final Map<String, Integer> busyFolders = new HashMap<>();

  private Runnable watcher = () -> {};

  /**
   * {@code watcher} runs whenever a step ends, in place of the one before: only the latest batch
   * has steps waiting, the batches before it have started all theirs.
   */
  void watch(Runnable watcher) {
    this.watcher = watcher;
  }

  /** No API step runs and no file step: FreeSWITCH gets commands one at a time, after the files. */
  boolean apiMayStart() {
    return apiEnd.isComplete() && files == 0;
  }

  /** {@code claim} collides with no running file step's; null: the step runs alone. */
  boolean fileMayStart(BatchSchedule.Claim claim) {
    if (claim == null) {
      return files == 0;
    }
    return files < MAX_FILE_STEPS
        && !alone
        && !busyIds.contains(claim.id())
        && Collections.disjoint(claim.files(), busyFiles)
        && Collections.disjoint(claim.files(), busyFolders.keySet())
        && Collections.disjoint(claim.folders(), busyFiles);
  }

  void apiStarted(Future<Void> end) {
    apiEnd = end;
    end.onComplete(ar -> watcher.run());
  }

  /** A file step holding {@code claim} runs until {@code end}. */
  void fileStarted(BatchSchedule.Claim claim, Future<Void> end) {
    files++;
    if (claim == null) {
      alone = true;
    } else {
      busyIds.add(claim.id());
      busyFiles.addAll(claim.files());
      claim.folders().forEach(folder -> busyFolders.merge(folder, 1, Integer::sum));
    }
    end.onComplete(
        ar -> {
          files--;
          if (claim == null) {
            alone = false;
          } else {
            busyIds.remove(claim.id());
            busyFiles.removeAll(claim.files());
            claim
                .folders()
                .forEach(
                    folder ->
                        busyFolders.computeIfPresent(folder, (f, n) -> n == 1 ? null : n - 1));
          }
          watcher.run();
        });
  }
}
