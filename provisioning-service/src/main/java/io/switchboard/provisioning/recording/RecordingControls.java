package io.switchboard.provisioning.recording;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which caller-control data means which recording action. FreeSWITCH's {@code event} control raises
 * {@code conference::maintenance} with {@code Action: dtmf}, {@code DTMF-Key} (the digits bound)
 * and {@code Data} (the control's data, channel variables expanded): conference_loop.c,
 * conference_loop_event (616-625 at signalwire/freeswitch cc93a683). The data names the intent; the
 * digits are FreeSWITCH's configuration and differ between control groups, so the data is what is
 * matched (as the connector's conference.conf.xml did: 1 startrecording, 2 pauserecording, 3
 * resumerecording, 4 stoprecording).
 */
public record RecordingControls(Map<String, RecordingAction> byData) {
  static final String RULE =
      "be `off` or data:action pairs, the data a word of letters, digits, '_', '.' or '-', the action one of "
          + "start, pause, resume, stop, each data once";

  /** The setting's value that turns DTMF control off (an empty one is the default). */
  static final String OFF = "off";

  public static RecordingControls from(List<String> entries) {
    Map<String, RecordingAction> byData = new LinkedHashMap<>();
    if (entries.equals(List.of(OFF))) {
      return new RecordingControls(Map.of());
    }
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      byData.put(
          entry.substring(0, colon).trim(),
          RecordingAction.of(entry.substring(colon + 1).trim()).orElseThrow());
    }
    return new RecordingControls(Map.copyOf(byData));
  }

  static boolean valid(List<String> entries) {
    if (entries.equals(List.of(OFF))) {
      return true;
    }
    long distinct =
        entries.stream()
            .map(e -> e.contains(":") ? e.substring(0, e.indexOf(':')).trim() : e)
            .distinct()
            .count();
    return distinct == entries.size()
        && entries.stream()
            .allMatch(
                e ->
                    e.matches("\\s*[A-Za-z0-9_.-]+\\s*:\\s*[a-z]+\\s*")
                        && RecordingAction.of(e.substring(e.indexOf(':') + 1).trim()).isPresent());
  }

  public Optional<RecordingAction> actionFor(String data) {
    return data == null ? Optional.empty() : Optional.ofNullable(byData.get(data));
  }
}
