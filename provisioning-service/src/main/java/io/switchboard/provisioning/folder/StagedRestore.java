package io.switchboard.provisioning.folder;

import io.switchboard.files.FileSync;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A restore archive unpacked beside the live managed folders it replaces: each folder {@code
 * directory/team} gets a sibling {@code directory/.team.restore-<id>} holding the archive's files
 * for it, so the live folder is untouched until {@link #commit}, which renames the live folder away
 * and the staged one into its place (same parent, so the same file system: two renames, no copy).
 * The hidden names match no FreeSWITCH include glob ({@code team/*.xml}) and no managed folder.
 * Blocking: call from a worker.
 */
public final class StagedRestore implements FolderChange {
  private static final String STAGED = ".restore-";
  private static final String REPLACED = ".replaced-";

  private final Path root;
  private final List<String> folders;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final SortedMap<String, String> files = new TreeMap<>();

  private StagedRestore(Path root, List<String> folders) {
    this.root = root;
    this.folders = List.copyOf(folders);
  }

  /**
   * Reads and checks the archive whole ({@link ConfigArchive#read}: no path outside {@code prefix},
   * no link or device, size limits, well-formed XML), then writes its files into the staged
   * folders; nothing is left behind when it fails.
   *
   * @param folders the managed folders the restore replaces, relative to {@code root}
   */
  static StagedRestore unpack(Path root, InputStream archive, String prefix, List<String> folders)
      throws ConfigArchive.Unsound, IOException {
    SortedMap<String, String> checked = ConfigArchive.read(archive, prefix, Set.copyOf(folders));
    StagedRestore staged = new StagedRestore(root, folders);
    try {
      staged.write(checked);
    } catch (IOException | RuntimeException e) {
      staged.abandon();
      throw e;
    }
    return staged;
  }

  private void write(Map<String, String> checked) throws IOException {
    for (String folder : folders) {
      Files.createDirectories(stagedOf(folder));
    }
    List<FileSync.Content> contents = new ArrayList<>();
    for (Map.Entry<String, String> file : checked.entrySet()) {
      String path = file.getKey();
      String folder = path.substring(0, path.lastIndexOf('/'));
      Path dir = stagedOf(folder);
      Path target = dir.resolve(path.substring(folder.length() + 1)).normalize();
      // The archive's names were checked already; a second look where the bytes land.
      if (!folders.contains(folder) || !dir.equals(target.getParent())) {
        throw new IllegalStateException("entry '" + path + "' resolves outside " + folder);
      }
      contents.add(new FileSync.Content(target, file.getValue().getBytes(StandardCharsets.UTF_8)));
      files.put(path, file.getValue());
    }
    FileSync.writeAll(contents);
  }

  /** The managed files of the restored folders after the swap, by relative path. */
  public SortedMap<String, String> files() {
    return files;
  }

  /** The managed folders this restore replaces, relative to the configuration folder. */
  public List<String> folders() {
    return folders;
  }

  private Path stagedOf(String folder) {
    Path live = root.resolve(folder);
    return live.resolveSibling("." + live.getFileName() + STAGED + id);
  }

  private Path replacedOf(String folder) {
    Path live = root.resolve(folder);
    return live.resolveSibling("." + live.getFileName() + REPLACED + id);
  }

  /**
   * Puts the staged folders in place of the live ones. What the live folder holds beside the
   * managed files (another file, a subfolder, a link) is carried into the new one first. A failure
   * half-way renames the folders already swapped back, so the live configuration is what it was.
   */
  @Override
  public void commit() throws IOException {
    List<String> swapped = new ArrayList<>();
    try {
      for (String folder : folders) {
        Path live = root.resolve(folder);
        Path staged = stagedOf(folder);
        if (Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)) {
          carryUnmanaged(live, staged);
          Files.move(live, replacedOf(folder), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staged, live, StandardCopyOption.ATOMIC_MOVE);
        swapped.add(folder);
      }
    } catch (IOException | RuntimeException e) {
      for (int i = swapped.size() - 1; i >= 0; i--) {
        String folder = swapped.get(i);
        Files.move(root.resolve(folder), stagedOf(folder), StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(replacedOf(folder), LinkOption.NOFOLLOW_LINKS)) {
          Files.move(replacedOf(folder), root.resolve(folder), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      throw e;
    }
    for (String folder : folders) {
      deleteTree(replacedOf(folder));
    }
  }

  /** Removes the staged folders that were not swapped in; safe to call after {@link #commit}. */
  @Override
  public void abandon() throws IOException {
    for (String folder : folders) {
      deleteTree(stagedOf(folder));
    }
  }

  /**
   * After a stop between the two renames of a swap the live folder is missing and its replaced copy
   * is beside it: that copy goes back, so a restart never reads an empty folder (which would take
   * every user off the nodes).
   */
  static void recover(Path live) throws IOException {
    if (Files.exists(live, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(live.getParent())) {
      return;
    }
    String prefix = "." + live.getFileName() + REPLACED;
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(live.getParent(), prefix + "*")) {
      for (Path replaced : siblings) {
        Files.move(replaced, live, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
    }
  }

  private static void carryUnmanaged(Path live, Path staged) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(live)) {
      for (Path entry : entries) {
        boolean managed =
            entry.getFileName().toString().endsWith(".xml")
                && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        if (!managed) {
          copyTree(entry, staged.resolve(entry.getFileName().toString()));
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(dir, to.resolve(from.relativize(dir).toString()), LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                LinkOption.NOFOLLOW_LINKS,
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
