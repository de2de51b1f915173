package io.switchboard.testkit.bbb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The recordings of one simulated server, in seeding order; thread-safe like {@link MeetingStore}.
 */
final class RecordingStore {
  private final Map<String, BbbRecording> byRecordId = new LinkedHashMap<>();

  synchronized void put(BbbRecording recording) {
    byRecordId.put(recording.recordId(), recording);
  }

  synchronized List<BbbRecording> all() {
    return List.copyOf(byRecordId.values());
  }

  synchronized Optional<BbbRecording> get(String recordId) {
    return Optional.ofNullable(byRecordId.get(recordId));
  }

  /** Replaces every recording {@code change} maps to a different value. */
  synchronized void updateAll(UnaryOperator<BbbRecording> change) {
    byRecordId.replaceAll((id, recording) -> change.apply(recording));
  }

  synchronized void clear() {
    byRecordId.clear();
  }
}
