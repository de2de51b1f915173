package io.switchboard.gateway.command;

import io.switchboard.config.ConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * File commands inside the allowed folders of the FreeSWITCH configuration folder and nowhere else:
 * a path is relative, has no {@code ..}, lies in one of the allowed folders, and its real location
 * (symbolic links followed) stays under the configuration folder's real location. A put's content
 * must hold nothing FreeSWITCH's preprocessor would run ({@link PreprocessorDirectives}). A put
 * writes a temporary file beside the target, syncs it and renames it over the target, so FreeSWITCH
 * never reads half a file. Blocking: call from a worker.
 */
public final class FileOperations {
  /** The path or content is not acceptable; the message says why. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** NAME_MAX of Linux file systems, in bytes. */
  private static final int MAX_NAME_BYTES = 255;

  private final Path root;
  private final List<Path> folders;
  private final long maxBytes;

  /**
   * @param folders where under {@code root} files may be written, relative to it (FS_FILE_FOLDERS);
   *     a folder and everything below it
   */
  public FileOperations(Path root, List<String> folders, long maxBytes) throws IOException {
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
  }

  public Path root() {
    return root;
  }

  Path resolve(String relative) throws Refused, IOException {
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
    // The nearest existing ancestor, with links resolved, must still be inside the root.
    Path existing = target.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.toRealPath().startsWith(root)) {
      throw new Refused("path leaves the configuration folder through a link: " + relative);
    }
    if (Files.isSymbolicLink(target) && !target.toRealPath().startsWith(root)) {
      throw new Refused("path is a link out of the configuration folder: " + relative);
    }
    return target;
  }

  /** Writes {@code content} to {@code relative} atomically; returns the bytes written. */
  public long put(String relative, String content) throws Refused, IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new Refused(
          "content of " + bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    Optional<String> directive = PreprocessorDirectives.problem(content);
    if (directive.isPresent()) {
      throw new Refused(directive.get());
    }
    Path target = resolve(relative);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("path is a directory: " + relative);
    }
    Files.createDirectories(target.getParent());
    // Not derived from the target's name: that may already use all of NAME_MAX. No ".xml"
    // ending, so FreeSWITCH's include globs never pick it up.
    Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return bytes.length;
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
