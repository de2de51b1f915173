package io.switchboard.provisioning.recording;

import io.switchboard.config.Setting;
import java.util.List;

/** The settings of recording control, part of the provisioning service's. */
public final class RecordingSettings {
  /** As the esl-gateway holds its FS_RECORDINGS_DIR: it is written into command lines. */
  static final String SAFE_FOLDER = "(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+";

  public static final Setting<List<String>> CONTROLS =
      Setting.list(
              "PROVISIONING_RECORDING_CONTROLS",
              "startrecording:start,pauserecording:pause,resumerecording:resume,stoprecording:stop",
              "`data:action` pairs: a moderator's caller control `<control action=\"event\" digits=\"1\" "
                  + "data=\"startrecording\"/>` raises a `dtmf` event with that data, and the service then "
                  + "starts, pauses, resumes or stops the conference's recording; `off` turns DTMF control off")
          .check(RecordingControls::valid, RecordingControls.RULE);
  public static final Setting<String> NODE_RECORDINGS_DIR =
      Setting.string(
              "PROVISIONING_NODE_RECORDINGS_DIR",
              "/var/freeswitch/meetings",
              "the recordings folder as the nodes see it, where `conference <name> recording start` "
                  + "writes: the gateways' `FS_RECORDINGS_DIR`")
          .matches(SAFE_FOLDER, "an absolute path of letters, digits, '_', '.' and '-'");

  public static final List<Setting<?>> ALL = List.of(CONTROLS, NODE_RECORDINGS_DIR);

  private RecordingSettings() {}
}
