package io.switchboard.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes and syncs many files to the disk at the same time: a disk takes concurrent fsyncs in one
 * commit, so 16 at once cost a fraction of a millisecond a file where one after the other each
 * costs a full commit (6 ms on the disk of docs/benchmarks.md: a minute for 10,000 files).
 * Blocking.
 */
public final class FileSync {
  /** Files written and synced at once. */
  private static final int SYNC_THREADS = 16;

  /**
   * One pool for the process, its threads ending when idle: a pool per call started 16 threads for
   * every batch of 500 files a gateway writes.
   */
  private static final ThreadPoolExecutor POOL = pool();

  /** A file that could not be written or synced, named. */
  public static final class Failed extends IOException {
    private final transient Path file;

    Failed(String doing, Path file, IOException cause) {
      super(doing + " " + file + " failed: " + cause, cause);
      this.file = file;
    }

    public Path file() {
      return file;
    }
  }

  /**
   * A file to write and what it holds: a new file, or with {@code spare} an empty one that exists
   * ({@link SpareFiles}), written through no link.
   */
  public record Content(Path file, byte[] bytes, boolean spare) {
    public Content(Path file, byte[] bytes) {
      this(file, bytes, false);
    }
  }

  /** What one task of a call does with one file. */
  private interface FileTask {
    void run(int index) throws Failed;
  }

  private FileSync() {}

  private static ThreadPoolExecutor pool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            SYNC_THREADS,
            SYNC_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "file-sync-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Creates each of {@code files} (none may exist yet, but spares) with its bytes, and syncs it,
   * many at the same time: one open per file, and the writes spread over the pool as the syncs are.
   * Returns once every file is done or has failed; the first failure is thrown, naming its file.
   */
  public static void writeAll(List<Content> files) throws IOException {
    runAll(files.size(), i -> write(files.get(i)));
  }

  /**
   * Runs {@code task} for indexes 0 to {@code count - 1} on the pool and waits for all of them,
   * also after a failure: the caller then removes what was written, which a task still running
   * would write behind its back.
   */
  private static void runAll(int count, FileTask task) throws IOException {
    if (count == 1) {
      task.run(0);
      return;
    }
    List<Future<?>> done = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      done.add(
          POOL.submit(
              () -> {
                task.run(index);
                return null;
              }));
    }
    IOException failed = null;
    boolean interrupted = false;
    for (Future<?> one : done) {
      while (true) {
        try {
          one.get();
          break;
        } catch (ExecutionException e) {
          if (failed == null) {
            failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (failed == null) {
        failed = new InterruptedIOException("interrupted while writing files");
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private static void write(Content content) throws Failed {
    try (FileChannel ch =
        content.spare()
            ? FileChannel.open(
                content.file(),
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS)
            : FileChannel.open(
                content.file(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(content.bytes());
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new Failed("writing", content.file(), e);
    }
  }

  /** Syncs a folder, so that the renames and new names in it last. */
  public static void syncFolder(Path folder) throws IOException {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
