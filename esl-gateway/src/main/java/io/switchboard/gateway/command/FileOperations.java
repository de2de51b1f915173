package io.switchboard.gateway.command;

import io.switchboard.config.ConfigException;
import io.switchboard.files.FileSync;
import io.switchboard.files.SpareFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File commands inside the allowed folders of the FreeSWITCH configuration folder and nowhere else:
 * a path is relative, has no {@code ..}, lies in one of the allowed folders, and its real location
 * (symbolic links followed) stays under the configuration folder's real location. A put's content
 * must hold nothing FreeSWITCH's preprocessor would run ({@link PreprocessorDirectives}). A put
 * writes a temporary file, syncs it and renames it over the target, so FreeSWITCH never reads half
 * a file; the temporary file is a spare made ahead of need ({@link SpareFiles}, in {@value
 * #SPARE_FOLDER} under the configuration folder) while one is ready, else a new one beside the
 * target. Blocking: call from a worker.
 */
public final class FileOperations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileOperations.class);

  /** The path or content is not acceptable; the message says why. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** One file to write: its path relative to the configuration folder, and its text. */
  public record Put(String path, String content) {}

  /** A put that passed every check, with where it goes and its bytes. */
  private record Staged(Put put, Path target, byte[] bytes) {}

  /** NAME_MAX of Linux file systems, in bytes. */
  private static final int MAX_NAME_BYTES = 255;

  /** Where the spares wait, under the configuration folder: no file command reaches it. */
  public static final String SPARE_FOLDER = ".switchboard-spare";

  private final Path root;
  private final List<Path> folders;
  private final long maxBytes;
  private final long maxTotalBytes;
  private final Path spareFolder;
  private final Optional<SpareFiles> spares;

  /**
   * @param folders where under {@code root} files may be written, relative to it (FS_FILE_FOLDERS);
   *     a folder and everything below it
   * @param maxBytes the largest file (FS_FILE_MAX_BYTES)
   * @param maxTotalBytes the most bytes one {@link #putAll} writes (FS_FILES_MAX_BYTES)
   * @param spareFiles empty files kept ready for writes (FS_FILES_SPARE); 0: none
   */
  public FileOperations(
      Path root, List<String> folders, long maxBytes, long maxTotalBytes, int spareFiles)
      throws IOException {
    Files.createDirectories(root);
    this.root = root.toRealPath();
    List<Path> allowed = new ArrayList<>();
    for (String folder : folders) {
      Path relative = Path.of(folder).normalize();
      if (relative.isAbsolute() || relative.toString().isEmpty() || relative.startsWith("..")) {
        throw new ConfigException(
            "FS_FILE_FOLDERS: '"
                + folder
                + "' must be a folder inside FS_CONF_DIR, given relative to it");
      }
      allowed.add(this.root.resolve(relative));
    }
    this.folders = List.copyOf(allowed);
    this.maxBytes = maxBytes;
    this.maxTotalBytes = maxTotalBytes;
    this.spareFolder = this.root.resolve(SPARE_FOLDER);
    this.spares = spareFiles > 0 ? openSpares(spareFolder, spareFiles) : Optional.empty();
  }

  public Path root() {
    return root;
  }

  /** Spares are a saving, not a need: without them each put creates its temporary files. */
  private static Optional<SpareFiles> openSpares(Path folder, int count) {
    try {
      return Optional.of(SpareFiles.open(folder, count));
    } catch (IOException e) {
      LOG.warn("no spare files (FS_FILES_SPARE): {}; each put creates its own", e.getMessage());
      return Optional.empty();
    }
  }

  /** The spares, while writes use them. */
  public Optional<SpareFiles> spares() {
    return spares;
  }

  @Override
  public void close() {
    spares.ifPresent(SpareFiles::close);
  }

  Path resolve(String relative) throws Refused, IOException {
    return resolve(relative, new HashSet<>());
  }

  /**
   * {@link #resolve(String)}, remembering in {@code insideRoot} the folders found inside the root
   * with links resolved: the files of one batch share a few folders, and resolving each file's
   * folder again cost a dozen system calls a file.
   */
  private Path resolve(String relative, Set<Path> insideRoot) throws Refused, IOException {
    if (relative == null || relative.isBlank()) {
      throw new Refused("path is empty");
    }
    if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
      throw new Refused("path contains a NUL or a backslash: " + relative);
    }
    Path given = Path.of(relative);
    if (given.isAbsolute() || relative.startsWith("/")) {
      throw new Refused("path must be relative to the configuration folder: " + relative);
    }
    for (Path part : given) {
      if (part.toString().equals("..")) {
        throw new Refused("path must not contain '..': " + relative);
      }
    }
    Path target = root.resolve(given).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new Refused("path leaves the configuration folder: " + relative);
    }
    if (target.startsWith(spareFolder)) {
      throw new Refused("path is in the gateway's own " + SPARE_FOLDER + " folder: " + relative);
    }
    if (folders.stream().noneMatch(folder -> target.startsWith(folder) && !target.equals(folder))) {
      throw new Refused(
          "path is outside the folders file commands may write in (FS_FILE_FOLDERS "
              + folders.stream().map(f -> root.relativize(f).toString()).toList()
              + "): "
              + relative);
    }
    if (target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new Refused("file name is longer than " + MAX_NAME_BYTES + " bytes: " + relative);
    }
    if (!insideRoot.contains(target.getParent())) {
      // The nearest existing ancestor, with links resolved, must still be inside the root.
      Path existing = target.getParent();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        throw new Refused("path leaves the configuration folder through a link: " + relative);
      }
      refuseOutside(
          existing.toRealPath(), relative, "path leaves the configuration folder through a link");
      if (existing.equals(target.getParent())) {
        insideRoot.add(existing);
      }
    }
    if (Files.isSymbolicLink(target)) {
      refuseOutside(
          target.toRealPath(), relative, "path is a link out of the configuration folder");
    }
    return target;
  }

  /** Where a link leads must stay inside the root, and out of the spares' folder. */
  private void refuseOutside(Path real, String relative, String outOfRoot) throws Refused {
    if (!real.startsWith(root)) {
      throw new Refused(outOfRoot + ": " + relative);
    }
    if (real.startsWith(spareFolder)) {
      throw new Refused("path reaches the gateway's own " + SPARE_FOLDER + " folder: " + relative);
    }
  }

  /** Writes {@code content} to {@code relative} atomically; returns the bytes written. */
  public long put(String relative, String content) throws Refused, IOException {
    return write(List.of(new Put(relative, content)), false);
  }

  /**
   * Writes all of {@code puts} or none: every file is checked as {@link #put} checks it before any
   * is written, then all are written to temporary files, synced, and renamed over their targets,
   * and each folder is synced once. A refusal or a failure names the file; its temporary files are
   * removed. Returns the bytes written.
   */
  public long putAll(List<Put> puts) throws Refused, IOException {
    return write(puts, true);
  }

  private long write(List<Put> puts, boolean named) throws Refused, IOException {
    List<Staged> staged = new ArrayList<>();
    Set<Path> targets = new HashSet<>();
    Set<Path> insideRoot = new HashSet<>();
    long total = 0;
    for (int i = 0; i < puts.size(); i++) {
      Put put = puts.get(i);
      try {
        Staged file = stage(put, insideRoot);
        if (!targets.add(file.target())) {
          throw new Refused("path is given twice: " + put.path());
        }
        staged.add(file);
        total += file.bytes().length;
      } catch (Refused e) {
        throw named ? new Refused(name(i, put.path()) + ": " + e.getMessage()) : e;
      }
    }
    if (total > maxTotalBytes) {
      throw new Refused(
          "files of "
              + total
              + " bytes together exceed the limit of "
              + maxTotalBytes
              + " bytes (FS_FILES_MAX_BYTES)");
    }
    new StagedWrite(staged, named, spares).run();
    return total;
  }

  /** How a refusal or failure names a file of a batch. */
  static String name(int index, String path) {
    return "files[" + index + "] (" + path + ")";
  }

  /** Everything {@link #put} checks, before anything is written. */
  private Staged stage(Put put, Set<Path> insideRoot) throws Refused, IOException {
    byte[] bytes = put.content().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new Refused(
          "content of " + bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    Optional<String> directive = PreprocessorDirectives.problem(put.content());
    if (directive.isPresent()) {
      throw new Refused(directive.get());
    }
    Path target = resolve(put.path(), insideRoot);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("path is a directory: " + put.path());
    }
    return new Staged(put, target, bytes);
  }

  /**
   * The writing of checked files: temporary files (spares, or new beside their targets), written
   * and synced many at the same time ({@link FileSync}: one by one, 10,000 files cost a minute),
   * renamed, then each target folder synced once so that the renames last.
   */
  private static final class StagedWrite {
    private final List<Staged> files;
    private final boolean named;
    private final Optional<SpareFiles> spares;
    private final List<Path> temps = new ArrayList<>();
    private int renamed;

    StagedWrite(List<Staged> files, boolean named, Optional<SpareFiles> spares) {
      this.files = files;
      this.named = named;
      this.spares = spares;
    }

    void run() throws IOException {
      int at = -1;
      try {
        Set<Path> folders = new LinkedHashSet<>();
        List<FileSync.Content> contents = new ArrayList<>(files.size());
        for (Staged file : files) {
          Path folder = file.target().getParent();
          if (folders.add(folder)) {
            Files.createDirectories(folder);
          }
          Path spare = spares.map(s -> s.take(folder)).orElse(null);
          // Not derived from the target's name: that may already use all of NAME_MAX. No ".xml"
          // ending, so FreeSWITCH's include globs never pick it up.
          Path tmp = spare != null ? spare : folder.resolve(".tmp-" + UUID.randomUUID());
          temps.add(tmp);
          contents.add(new FileSync.Content(tmp, file.bytes(), spare != null));
        }
        try {
          FileSync.writeAll(contents);
        } catch (FileSync.Failed e) {
          at = temps.indexOf(e.file());
          throw e;
        }
        for (at = 0; at < files.size(); at++) {
          moveTemp(contents.get(at), files.get(at).target());
          renamed++;
        }
        for (Path folder : folders) {
          FileSync.syncFolder(folder);
        }
      } catch (IOException e) {
        throw failure(at, e);
      } finally {
        for (int i = renamed; i < temps.size(); i++) {
          Files.deleteIfExists(temps.get(i));
        }
      }
    }

    private IOException failure(int at, IOException e) {
      String which =
          at >= 0 && at < files.size()
              ? (named ? name(at, files.get(at).put().path()) : files.get(at).put().path())
              : "the files";
      String written =
          renamed == 0 ? "" : " after " + renamed + " of " + files.size() + " were in place";
      return new IOException("writing " + which + " failed" + written + ": " + e, e);
    }

    /**
     * A spare that would not rename into its folder (the folder moved to another mount since its
     * probe) has the folder probed again by the next put; this one fails and is tried again.
     */
    private void moveTemp(FileSync.Content temp, Path target) throws IOException {
      try {
        move(temp.file(), target);
      } catch (IOException e) {
        if (temp.spare()) {
          spares.ifPresent(s -> s.forget(target.getParent()));
        }
        throw e;
      }
    }

    /** A rename, never a copy: FreeSWITCH must see the old file or the new one, whole. */
    private static void move(Path tmp, Path target) throws IOException {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes {@code relative}; false when it did not exist. */
  public boolean delete(String relative) throws Refused, IOException {
    Path target = resolve(relative);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("path is a directory: " + relative);
    }
    return Files.deleteIfExists(target);
  }
}
