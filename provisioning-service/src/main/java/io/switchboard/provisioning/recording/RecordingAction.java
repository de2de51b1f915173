package io.switchboard.provisioning.recording;

import java.util.Locale;
import java.util.Optional;

/** What can be done to a conference's recording: the subcommands of {@code recording}. */
public enum RecordingAction {
  START,
  PAUSE,
  RESUME,
  STOP;

  /** The subcommand of {@code conference <name> recording} (conference_api.c:3877). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RecordingAction> of(String word) {
    for (RecordingAction action : values()) {
      if (action.word().equals(word)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
