package io.switchboard.provisioning.folder;

/**
 * One managed file before and after a change; null content means the file does not exist.
 *
 * @param path relative to the configuration folder, with '/' separators
 */
public record FileChange(String path, String before, String after) {
  /** The change that undoes this one. */
  public FileChange reversed() {
    return new FileChange(path, after, before);
  }
}
