package io.switchboard.provisioning.folder;

import io.switchboard.files.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The new texts of a change written to temporary files beside their targets and synced, none in
 * place yet: {@link #commit} renames each over its target (atomic: a reader never sees half a file,
 * a crash never leaves an empty one) and deletes what the change deletes; {@link #abandon} removes
 * them. Writing and syncing 10,000 files is most of the cost, and it can run while the nodes take
 * the change. Blocking: call from a worker.
 */
final class StagedFiles implements FolderChange {
  private final Path root;
  private final List<FileChange> changes;
  private final Map<Path, Path> renames = new LinkedHashMap<>();

  private StagedFiles(Path root, List<FileChange> changes) {
    this.root = root;
    this.changes = List.copyOf(changes);
  }

  /** Writes and syncs the {@code after} side of each change (null deletes) beside its target. */
  static StagedFiles write(Path root, List<FileChange> changes) throws IOException {
    StagedFiles staged = new StagedFiles(root, changes);
    try {
      staged.write();
    } catch (IOException | RuntimeException e) {
      staged.abandon();
      throw e;
    }
    return staged;
  }

  private void write() throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    List<FileSync.Content> contents = new ArrayList<>();
    for (FileChange change : changes) {
      if (change.after() != null) {
        Path target = root.resolve(change.path());
        if (folders.add(target.getParent())) {
          Files.createDirectories(target.getParent());
        }
        // No ".xml" ending: an include glob of FreeSWITCH's never picks up the temporary file.
        Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        renames.put(tmp, target);
        contents.add(new FileSync.Content(tmp, change.after().getBytes(StandardCharsets.UTF_8)));
      }
    }
    FileSync.writeAll(contents);
  }

  @Override
  public void commit() throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    try {
      for (Map.Entry<Path, Path> rename : renames.entrySet()) {
        move(rename.getKey(), rename.getValue());
        folders.add(rename.getValue().getParent());
      }
      for (FileChange change : changes) {
        if (change.after() == null) {
          Path gone = root.resolve(change.path());
          Files.deleteIfExists(gone);
          folders.add(gone.getParent());
        }
      }
      // So that the new names last, as the gateways do for the nodes' folders.
      for (Path folder : folders) {
        if (Files.isDirectory(folder)) {
          FileSync.syncFolder(folder);
        }
      }
    } finally {
      abandon();
    }
  }

  /** Removes the temporary files not renamed; after {@link #commit} there are none. */
  @Override
  public void abandon() throws IOException {
    for (Path tmp : renames.keySet()) {
      Files.deleteIfExists(tmp);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
