package io.switchboard.provisioning.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.CommandResult;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.provisioning.ProvisioningConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which replies fail, which names are recorded to, which controls are read. */
class RecordingRulesTest {
  private static CommandResult result(CommandResult.Status status, String reply, String error) {
    return new CommandResult(
        CommandResult.VERSION, "c1", "n1", status, reply, error, 1, 2, 3, null);
  }

  @Test
  void anErrAnywhereInTheReplyOrAnyStatusButOkIsAFailure() {
    // conference_api_sub_pauserec writes +OK before it looks the path up.
    String pauseWrongPath =
        "+OK Pause recording file /r/a.wav\n-ERR non-existant recording '/r/a.wav'\n";
    assertEquals(
        Optional.of(pauseWrongPath.trim()),
        RecordingControl.failure(result(CommandResult.Status.OK, pauseWrongPath, null)));
    assertEquals(
        Optional.empty(),
        RecordingControl.failure(
            result(CommandResult.Status.OK, "+OK Record file /r/a.wav\n", null)));
    assertEquals(
        Optional.of("rejected: '/x/a.wav' is not a recording path under /r"),
        RecordingControl.failure(
            result(
                CommandResult.Status.REJECTED,
                null,
                "'/x/a.wav' is not a recording path under /r")));
    assertTrue(
        RecordingControl.failure(result(CommandResult.Status.OK, null, null)).isPresent(),
        "no reply at all is no success");
  }

  @Test
  void filesAreNamedByTheConferenceAndTheUtcTimeInsideTheFolder() {
    RecordingFiles files = new RecordingFiles("/var/freeswitch/meetings/");
    assertEquals(
        "/var/freeswitch/meetings/team_g722-2021-01-19T13-21-36.840Z.wav",
        files.newPath("team_g722", Instant.parse("2021-01-19T13:21:36.840Z")));
    for (String bad : new String[] {"-x", "a b", "a/b", "..", "", "a;b", "x".repeat(65)}) {
      assertFalse(RecordingFiles.validConference(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> files.newPath(bad, Instant.EPOCH));
    }
    assertEquals(Optional.of("/var/freeswitch/meetings/a.wav"), files.pathOf("a.wav"));
    for (String bad : new String[] {"../a.wav", "a/b.wav", "..", ".hidden", "a..wav", "a:b.wav"}) {
      assertEquals(Optional.empty(), files.pathOf(bad), bad);
    }
  }

  @Test
  void controlsMapTheEventDataToActionsAndABadListStopsTheStart() {
    RecordingControls defaults =
        RecordingControls.from(
            List.of(
                "startrecording:start",
                "pauserecording:pause",
                "resumerecording:resume",
                "stoprecording:stop"));
    assertEquals(Optional.of(RecordingAction.PAUSE), defaults.actionFor("pauserecording"));
    assertEquals(Optional.empty(), defaults.actionFor("muteall"));
    assertEquals(Optional.empty(), defaults.actionFor(null));

    Map<String, String> settings = new HashMap<>();
    settings.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    settings.put("PROVISIONING_CONF_DIR", "/tmp/conf");
    settings.put("PROVISIONING_NODES", "n1");
    settings.put("COMMAND_SEAL_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    for (String bad : new String[] {"rec:record", "a:start,a:stop", "start", "a b:start"}) {
      settings.put("PROVISIONING_RECORDING_CONTROLS", bad);
      ConfigException e =
          assertThrows(ConfigException.class, () -> ProvisioningConfig.from(Config.of(settings)));
      assertTrue(e.getMessage().contains("PROVISIONING_RECORDING_CONTROLS"), e.getMessage());
    }
    settings.put("PROVISIONING_RECORDING_CONTROLS", "off");
    assertTrue(
        RecordingControls.from(
                ProvisioningConfig.from(Config.of(settings)).get(RecordingSettings.CONTROLS))
            .byData()
            .isEmpty(),
        "off turns DTMF control off");
  }
}
