package io.switchboard.provisioning.folder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recordings folder: files directly in it, by name. A name is one path component: the connector
 * followed {@code ../} out of the folder; here a name that is not a plain file of this folder (a
 * separator, {@code ..}, a link) is not found. Blocking: call from a worker.
 */
public final class Recordings {
  private final Path root;

  public Recordings(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The names of the recordings, sorted; empty when the folder does not exist. */
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return names;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          names.add(file.getFileName().toString());
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** The recording's path when {@code name} names a plain file directly in the folder. */
  public Optional<Path> find(String name) {
    if (name.isEmpty()
        || name.contains("/")
        || name.contains("\\")
        || name.equals("..")
        || name.equals(".")) {
      return Optional.empty();
    }
    Path file = root.resolve(name).normalize();
    if (!root.equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** Deletes the recording; false when there is none of that name. */
  public boolean delete(String name) throws IOException {
    Optional<Path> file = find(name);
    if (file.isEmpty()) {
      return false;
    }
    try {
      Files.delete(file.get());
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
