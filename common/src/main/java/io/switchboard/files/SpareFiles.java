package io.switchboard.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import java.util.function.Predicate;
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
 * when it opens. The folder is the owner's alone (0700): a spare is filled with what may be a
 * secret, and no one else may open it beforehand.
 *
 * <p>A spare is handed out for a target folder only once a probe showed that it suits there: a file
 * of the spare folder renames into it (not so across mounts, bind mounts of one disk included) and
 * gets the group and permissions a file made there directly gets (a setgid folder or a default ACL
 * there would give its own). Otherwise the writer makes its own temporary file beside the target.
 */
public final class SpareFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpareFiles.class);

  /** How long writes must have paused before spares are made again. */
  static final Duration QUIET = Duration.ofSeconds(1);

  /** After a spare could not be made (the disk full, the folder gone): when to try again. */
  private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

  /** Target folders whose probe is remembered; more are forgotten and probed again. */
  private static final int FOLDERS_REMEMBERED = 1024;

  private static final String PREFIX = "spare-";

  private final Path folder;
  private final int size;
  private final Predicate<Path> suits;
  private final Queue<Path> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readyCount = new AtomicInteger();
  private final Map<Path, Boolean> suited = new ConcurrentHashMap<>();
  private final AtomicLong missed = new AtomicLong();
  private final AtomicBoolean makingDue = new AtomicBoolean();
  private final ScheduledExecutorService maker;
  private volatile long lastTaken = System.nanoTime() - QUIET.toNanos();

  /**
   * @param suits whether spares suit a target folder; null: probe it
   */
  SpareFiles(Path folder, int size, Predicate<Path> suits) throws IOException {
    if (size < 1) {
      throw new IllegalArgumentException("spare files: size must be at least 1, not " + size);
    }
    this.folder = folder;
    this.size = size;
    this.suits = suits;
    Files.createDirectories(folder);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("spare files: " + folder + " must be a folder, not a link");
    }
    ownersAlone();
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
    return new SpareFiles(folder, size, null);
  }

  /**
   * A spare to fill and rename into {@code targetFolder}, or null when none is ready or none suits
   * that folder. The caller owns the file from now on: it renames or deletes it.
   */
  public Path take(Path targetFolder) {
    lastTaken = System.nanoTime();
    Path spare = suited(targetFolder) ? readySpare() : null;
    if (spare == null) {
      missed.incrementAndGet();
    }
    makeSoon(QUIET);
    return spare;
  }

  /** What a probe found for {@code targetFolder} no longer holds: the next take probes again. */
  public void forget(Path targetFolder) {
    suited.remove(targetFolder);
  }

  /** The next ready spare, counted out, or null. */
  private Path pollReady() {
    Path spare = ready.poll();
    if (spare != null) {
      readyCount.decrementAndGet();
    }
    return spare;
  }

  private void forgetReady() {
    while (pollReady() != null) {
      // counted out
    }
  }

  /** The next spare that is still there (someone may have emptied the folder). */
  private Path readySpare() {
    for (Path spare = pollReady(); spare != null; spare = pollReady()) {
      if (Files.isRegularFile(spare, LinkOption.NOFOLLOW_LINKS)) {
        return spare;
      }
    }
    return null;
  }

  /** Spares ready to be handed out. */
  public int ready() {
    return readyCount.get();
  }

  /** Files a writer asked for and had to create itself: none ready, or none suits its folder. */
  public long missed() {
    return missed.get();
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
    for (Path spare = pollReady(); spare != null; spare = pollReady()) {
      try {
        Files.deleteIfExists(spare);
      } catch (IOException e) {
        LOG.debug("spare file {} not deleted: {}", spare, e.toString());
      }
    }
  }

  private boolean suited(Path targetFolder) {
    if (suited.size() >= FOLDERS_REMEMBERED) {
      suited.clear();
    }
    return suited.computeIfAbsent(targetFolder, f -> suits != null ? suits.test(f) : probe(f));
  }

  /**
   * Whether a spare suits {@code target}: it renames there, and has the group and permissions of a
   * file made there directly. The probe's files are gone after it, whatever happens.
   */
  private boolean probe(Path target) {
    Path spare = folder.resolve(PREFIX + "probe-" + UUID.randomUUID());
    Path made = target.resolve(".tmp-probe-" + UUID.randomUUID());
    Path moved = target.resolve(".tmp-probe-" + UUID.randomUUID());
    try {
      Files.createFile(spare);
      Files.createFile(made);
      PosixFileAttributes there = attributes(made);
      Files.move(spare, moved, StandardCopyOption.ATOMIC_MOVE);
      PosixFileAttributes renamed = attributes(moved);
      boolean same =
          there.group().equals(renamed.group())
              && there.permissions().equals(renamed.permissions());
      if (!same) {
        LOG.info(
            "spare files: none for {}, where a new file gets group {} and {}, not {} and {}",
            target,
            there.group().getName(),
            PosixFilePermissions.toString(there.permissions()),
            renamed.group().getName(),
            PosixFilePermissions.toString(renamed.permissions()));
      }
      return same;
    } catch (IOException | UnsupportedOperationException e) {
      // AtomicMoveNotSupportedException: another mount.
      LOG.info("spare files: none for {} ({})", target, e.toString());
      return false;
    } finally {
      for (Path probe : List.of(spare, made, moved)) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          LOG.debug("spare files: probe {} not deleted: {}", probe, e.toString());
        }
      }
    }
  }

  private static PosixFileAttributes attributes(Path file) throws IOException {
    return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** Nobody but the owner may open a spare before it is filled. */
  private void ownersAlone() throws IOException {
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
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
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
          forgetReady(); // someone removed the folder, and the spares with it
          Files.createDirectory(folder);
          ownersAlone();
        }
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
}
