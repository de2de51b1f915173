package io.switchboard.provisioning.folder;

import java.io.IOException;

/**
 * A change of the configuration folder, readied while the nodes take it and put in place only once
 * they all did: written beside the live files, it is invisible to a reader of the folder until
 * {@link #commit}. Blocking: call from a worker.
 */
public interface FolderChange {
  /** Puts the change in place. */
  void commit() throws IOException;

  /** Drops what was readied; the folder stays as it was. */
  void abandon() throws IOException;
}
