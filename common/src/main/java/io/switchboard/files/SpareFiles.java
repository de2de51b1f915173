package io.switchboard.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empty files made ahead of need in a folder of their own, each handed out once as the temporary
 * file of an atomic write: the writer fills it, syncs it and renames it into place, instead of
 * creating a new file at that moment. Creating the file is the dear part of writing a small one: an
 * inode to allocate, and the target folder locked meanwhile against every other writer in it (on
 * the ext4 disk of docs/benchmarks.md a new file costs 140-650 µs of kernel CPU, filling and
 * renaming one that exists 15-30 µs). A burst of new files (a node's rooms at the top of the hour)
 * so leaves that cost for after the burst.
 *
 * <p>Spares are made again once writes have paused for {@link #QUIET}, one by one, stopping
 * whenever a write takes one, so the making never competes with the burst it prepares for. Only
 * files this instance made are handed out; the folder's leftovers of an earlier run are deleted
 * when it opens. A spare is handed out for a folder on the same mount only (a rename across mounts
 * is a copy, not atomic); otherwise the writer makes its own temporary file.
 */
public final class SpareFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpareFiles.class);

  /** How long writes must have paused before spares are made again. */
  static final Duration QUIET = Duration.ofSeconds(1);

  /** After a spare could not be made (the disk full, the folder gone): when to try again. */
  private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

  /** Target folders whose mount is remembered; more are forgotten and looked up again. */
  private static final int FOLDERS_REMEMBERED = 1024;

  private static final String PREFIX = "spare-";

  private final Path folder;
  private final int size;
  private final Function<Path, Object> mountOf;
  private final Object mount;
  private final Queue<Path> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readyCount = new AtomicInteger();
  private final Map<Path, Boolean> sameMount = new ConcurrentHashMap<>();
  private final AtomicLong missed = new AtomicLong();
  private final AtomicBoolean makingDue = new AtomicBoolean();
  private final ScheduledExecutorService maker;
  private volatile long lastTaken = System.nanoTime() - QUIET.toNanos();

  SpareFiles(Path folder, int size, Function<Path, Object> mountOf) throws IOException {
    if (size < 1) {
      throw new IllegalArgumentException("spare files: size must be at least 1, not " + size);
    }
    Files.createDirectories(folder);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("spare files: " + folder + " must be a folder, not a link");
    }
    this.folder = folder;
    this.size = size;
    this.mountOf = mountOf;
    this.mount = Objects.requireNonNull(mountOf.apply(folder), "mount of folder");
    deleteLeftovers();
    this.maker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "spare-files");
              thread.setDaemon(true);
              return thread;
            });
    makeSoon(Duration.ZERO);
  }

  /**
   * Keeps {@code size} empty files in {@code folder} (made if missing; its files named {@code
   * spare-*}, leftovers of an earlier run, are deleted now).
   */
  public static SpareFiles open(Path folder, int size) throws IOException {
    return new SpareFiles(folder, size, SpareFiles::fileStoreOf);
  }

  /**
   * A spare to fill and rename into {@code targetFolder}, or null when none is ready or that folder
   * is on another mount. The caller owns the file from now on: it renames or deletes it.
   */
  public Path take(Path targetFolder) {
    lastTaken = System.nanoTime();
    Path spare = onThisMount(targetFolder) ? ready.poll() : null;
    if (spare == null) {
      missed.incrementAndGet();
    } else {
      readyCount.decrementAndGet();
    }
    makeSoon(QUIET);
    return spare;
  }

  /** Spares ready to be handed out. */
  public int ready() {
    return readyCount.get();
  }

  /** Files a writer asked for and had to create itself: none ready, or another mount. */
  public long missed() {
    return missed.get();
  }

  public Path folder() {
    return folder;
  }

  /** Stops making spares and deletes those not handed out. */
  @Override
  public void close() {
    maker.shutdownNow();
    try {
      maker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Path spare = ready.poll(); spare != null; spare = ready.poll()) {
      readyCount.decrementAndGet();
      try {
        Files.deleteIfExists(spare);
      } catch (IOException e) {
        LOG.debug("spare file {} not deleted: {}", spare, e.toString());
      }
    }
  }

  private boolean onThisMount(Path targetFolder) {
    if (sameMount.size() >= FOLDERS_REMEMBERED) {
      sameMount.clear();
    }
    return sameMount.computeIfAbsent(
        targetFolder,
        f -> {
          try {
            return mount.equals(mountOf.apply(f));
          } catch (UncheckedIOException | UnsupportedOperationException e) {
            return false;
          }
        });
  }

  private void makeSoon(Duration delay) {
    if (readyCount.get() < size && makingDue.compareAndSet(false, true)) {
      try {
        maker.schedule(this::make, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        makingDue.set(false); // closed
      }
    }
  }

  /** Makes spares until there are enough, pausing while writes take them. */
  private void make() {
    makingDue.set(false);
    while (readyCount.get() < size && !Thread.currentThread().isInterrupted()) {
      long quietFor = System.nanoTime() - lastTaken;
      if (quietFor < QUIET.toNanos()) {
        makeSoon(QUIET.minusNanos(quietFor));
        return;
      }
      Path spare = folder.resolve(PREFIX + UUID.randomUUID());
      try {
        Files.createFile(spare);
      } catch (IOException e) {
        LOG.warn(
            "spare files: could not make one in {} ({}); writes create their own until it works again",
            folder,
            e.toString());
        makeSoon(AFTER_FAILURE);
        return;
      }
      ready.add(spare);
      readyCount.incrementAndGet();
    }
  }

  private void deleteLeftovers() throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, PREFIX + "*")) {
      for (Path leftover : leftovers) {
        if (Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(leftover);
        }
      }
    }
  }

  /**
   * The mount a folder is on: a rename works within one only, and two bind mounts of one device are
   * two (the JDK's file stores compare the device and the mount point).
   */
  private static Object fileStoreOf(Path folder) {
    try {
      return Files.getFileStore(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
