package io.switchboard.provisioning.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a conference's recordings go on the node: {@code <folder>/<conference>-<UTC
 * timestamp>.wav}, the connector's names (friends_16kHz-2021-01-19T13:21:36.840Z.wav) with '-' for
 * ':', because the gateway lets through only paths whose parts are letters, digits, '_', '.' and
 * '-' (CommandAllowlist's {@code <recording>}). The conference name is checked before it is put in
 * a command line or a path: one word, as the API's ConferenceName schema, not starting with '-'.
 */
public final class RecordingFiles {
  private static final Pattern CONFERENCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String folder;

  /**
   * @param folder the recordings folder as the nodes see it, absolute, without a trailing '/'
   */
  public RecordingFiles(String folder) {
    this.folder = folder.replaceAll("/+$", "");
  }

  public static boolean validConference(String name) {
    return name != null && CONFERENCE.matcher(name).matches();
  }

  /** A new recording's path: the conference must be {@link #validConference valid}. */
  public String newPath(String conference, Instant at) {
    if (!validConference(conference)) {
      throw new IllegalArgumentException("not a conference name: " + conference);
    }
    return folder + "/" + conference + "-" + STAMP.format(at) + ".wav";
  }

  /** The path of a file of the folder named by a caller; empty when it is not one plain name. */
  public Optional<String> pathOf(String fileName) {
    if (fileName == null || !FILE.matcher(fileName).matches() || fileName.contains("..")) {
      return Optional.empty();
    }
    return Optional.of(folder + "/" + fileName);
  }

  /** The file name of one of this folder's paths. */
  public String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
