package io.switchboard.provisioning.folder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration folder this service owns: reads the managed files ({@link Layout}) and writes
 * changes atomically (a synced temporary file renamed over the target), so FreeSWITCH or a reader
 * of a mounted folder never sees half a file. Blocking: call from a worker.
 */
public final class ConfigFolder {
  private final Path root;
  private final Layout layout;

  public ConfigFolder(Path root, Layout layout) {
    this.root = root;
    this.layout = layout;
  }

  public Layout layout() {
    return layout;
  }

  /**
   * Every managed file and its text, by relative path. Links are not followed: a link placed in a
   * managed folder must not carry a file from elsewhere on the host to every node.
   */
  public SortedMap<String, String> read() throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    for (String folder : layout.folders()) {
      Path dir = root.resolve(folder);
      StagedRestore.recover(dir);
      Files.createDirectories(dir);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.xml")) {
        for (Path file : entries) {
          if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            files.put(
                folder + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      }
    }
    return files;
  }

  /** FreeSWITCH's place for conference profiles (mod_conference reads conference.conf). */
  public static final String CONFERENCE_CONF = "autoload_configs/conference.conf.xml";

  private static final Pattern PROFILE = Pattern.compile("<profile\\s+name=\"([^\"]+)\"");

  /**
   * The profile names of the folder's conference.conf.xml: the types a conference may have. Empty
   * when the file is missing.
   */
  public Set<String> conferenceProfiles() throws IOException {
    Path file = root.resolve(CONFERENCE_CONF);
    if (!Files.isRegularFile(file)) {
      return Set.of();
    }
    Set<String> names = new TreeSet<>();
    Matcher m = PROFILE.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Unpacks a restore archive beside the managed folders it replaces ({@link StagedRestore}); the
   * live folders are untouched until its swap.
   *
   * @param folders the managed folders the archive replaces
   */
  public StagedRestore stage(InputStream archive, String prefix, List<String> folders)
      throws ConfigArchive.Unsound, IOException {
    return StagedRestore.unpack(root, archive, prefix, folders);
  }

  /**
   * Readies {@code changes} ({@link StagedFiles}): every new text written to a temporary file
   * beside its target and synced (at the same time: one by one, a batch of 10,000 users costs a
   * minute on a disk with 6 ms fsyncs); its commit renames them over their targets, so a reader
   * never sees half a file and a crash never leaves an empty one.
   */
  public FolderChange stage(List<FileChange> changes) throws IOException {
    return StagedFiles.write(root, changes);
  }

  /** The changes that turn {@code from} into {@code to}, in path order. */
  public static List<FileChange> diff(Map<String, String> from, Map<String, String> to) {
    TreeMap<String, FileChange> changes = new TreeMap<>();
    for (Map.Entry<String, String> file : to.entrySet()) {
      String before = from.get(file.getKey());
      if (!Objects.equals(before, file.getValue())) {
        changes.put(file.getKey(), new FileChange(file.getKey(), before, file.getValue()));
      }
    }
    for (Map.Entry<String, String> file : from.entrySet()) {
      if (!to.containsKey(file.getKey())) {
        changes.put(file.getKey(), new FileChange(file.getKey(), file.getValue(), null));
      }
    }
    return new ArrayList<>(changes.values());
  }
}
