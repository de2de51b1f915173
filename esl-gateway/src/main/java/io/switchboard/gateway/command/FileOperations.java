package io.switchboard.gateway.command;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * File commands inside the FreeSWITCH configuration folder and nowhere else: a path is relative,
 * has no {@code ..}, and its real location (symbolic links followed) stays under the folder's
 * real location. A put writes a temporary file beside the target, syncs it and renames it over
 * the target, so FreeSWITCH never reads half a file. Blocking: call from a worker.
 */
public final class FileOperations {
  /** The path or content is not acceptable; the message says why. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private final Path root;
  private final long maxBytes;

  public FileOperations(Path root, long maxBytes) throws IOException {
    Files.createDirectories(root);
    this.root = root.toRealPath();
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
      throw new Refused("content of " + bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    Path target = resolve(relative);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("path is a directory: " + relative);
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
