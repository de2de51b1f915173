package io.switchboard.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Syncs many files to the disk at the same time: a disk takes concurrent fsyncs in one commit, so
 * 16 at once cost a fraction of a millisecond a file where one after the other each costs a full
 * commit (6 ms on the disk of docs/benchmarks.md: a minute for 10,000 files). Blocking.
 */
public final class FileSync {
  /** Files synced at once. */
  private static final int SYNC_THREADS = 16;

  /** A file that could not be synced, named. */
  public static final class Failed extends IOException {
    private final transient Path file;

    Failed(Path file, IOException cause) {
      super("syncing " + file + " failed: " + cause, cause);
      this.file = file;
    }

    public Path file() {
      return file;
    }
  }

  private FileSync() {}

  /** Syncs {@code files} (regular files, written and closed), many at the same time. */
  public static void syncAll(List<Path> files) throws IOException {
    if (files.size() <= 1) {
      for (Path file : files) {
        sync(file);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(SYNC_THREADS, files.size()));
    try {
      List<Future<?>> synced = new ArrayList<>();
      for (Path file : files) {
        synced.add(pool.submit(() -> sync(file)));
      }
      for (Future<?> done : synced) {
        done.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while syncing files");
    } finally {
      pool.shutdownNow();
    }
  }

  /** fsync is per file, not per descriptor: a fresh one syncs what an earlier write left. */
  private static Void sync(Path file) throws Failed {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw new Failed(file, e);
    }
    return null;
  }

  /** Syncs a folder, so that the renames and new names in it last. */
  public static void syncFolder(Path folder) throws IOException {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
