package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mod_conference's API replies and conference::maintenance events, read from conference_api.c and
 * friends.
 */
class ConferenceTest {
  private FreeSwitchSimulator sim;
  private RawClient c;

  @BeforeEach
  void start() throws Exception {
    sim =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults()
                .withHostname("bbb-node-1")
                .withHeartbeatInterval(Duration.ZERO));
    c = RawClient.authenticated(sim);
    c.send("event plain CUSTOM conference::maintenance\n\n");
    c.readFrame();
  }

  @AfterEach
  void stop() throws Exception {
    c.close();
    sim.close();
  }

  private String api(String command) throws Exception {
    c.send("api " + command + "\n\n");
    while (true) {
      RawClient.Frame frame = c.readFrame();
      if ("api/response".equals(frame.header("Content-Type"))) {
        return frame.body();
      }
    }
  }

  private Map<String, String> event() throws Exception {
    return c.readEvent().plainEventHeaders();
  }

  /** The next event with this Action, skipping others. */
  private Map<String, String> event(String action) throws Exception {
    while (true) {
      Map<String, String> h = event();
      if (action.equals(h.get("Action"))) {
        return h;
      }
    }
  }

  /**
   * Events until (and with) the one whose Action is {@code last}, as "action member-id" strings.
   */
  private List<String> actionsUntil(String last) throws Exception {
    List<String> seen = new ArrayList<>();
    while (true) {
      Map<String, String> h = event();
      String action = h.get("Action");
      seen.add(
          action
              + (h.containsKey("Member-ID") ? " " + h.get("Member-ID") : "")
              + (action.equals("floor-change")
                  ? " " + h.get("Old-ID") + "->" + h.get("New-ID")
                  : ""));
      if (action.equals(last)) {
        return seen;
      }
    }
  }

  @Test
  void theFirstMemberTakesTheFloorAndAHolderLeavingDropsItBeforeDelMember() throws Exception {
    // The conference thread gives a free floor to the first member of its list
    // (mod_conference.c:316-323); conference_member_del drops the holder's floor
    // (conference_member.c:1300)
    // before del-member (:1357); floor-change carries Old-ID, the member's data and New-ID
    // (:1158-1172).
    int alice = sim.addMember("72013", "Alice", "1001");
    assertEquals(
        List.of(
            "conference-create",
            "add-member " + alice,
            "floor-change " + alice + " none->" + alice),
        actionsUntil("floor-change"));
    int bob = sim.addMember("72013", "Bob", "1002");
    Map<String, String> added = event("add-member");
    assertEquals("false", added.get("Floor"));
    assertEquals("300", added.get("Energy-Level"), "BBB's cdquality profile");
    assertTrue(api("conference 72013 list").contains(";Alice;1001;hear|speak|floor;0;0;300\n"));
    sim.removeMember("72013", alice);
    assertEquals(
        List.of("floor-change " + alice + "->none", "del-member " + alice),
        actionsUntil("del-member"));
    assertEquals(List.of("floor-change " + bob + " none->" + bob), actionsUntil("floor-change"));
  }

  @Test
  void aMemberWhoStartsTalkingWhileTheHolderIsSilentTakesTheFloor() throws Exception {
    // The conference thread's floor check (mod_conference.c:316): a speaker takes a silent holder's
    // floor.
    int alice = sim.addMember("72013", "Alice", "1001");
    int bob = sim.addMember("72013", "Bob", "1002");
    actionsUntil("add-member");
    actionsUntil("add-member");
    sim.startTalking("72013", bob);
    assertEquals(
        List.of("start-talking " + bob, "floor-change " + bob + " " + alice + "->" + bob),
        actionsUntil("floor-change"));
  }

  @Test
  void kickRepliesKickedThenKickMemberBeforeDelMember() throws Exception {
    // conference_api_sub_kick (conference_api.c:881-909); unknown ids and a missing target as
    // conference_api_dispatch answers them (:4190-4260).
    int alice = sim.addMember("72013", "Alice", "1001");
    int bob = sim.addMember("72013", "Bob", "1002");
    actionsUntil("add-member");
    actionsUntil("add-member");
    assertEquals("+OK kicked " + bob + "\n", api("conference 72013 kick " + bob));
    assertEquals(List.of("kick-member " + bob, "del-member " + bob), actionsUntil("del-member"));
    assertEquals("-ERR Non-Existant ID 999\n", api("conference 72013 kick 999"));
    assertEquals(
        "kick <[member_id|all|last|non_moderator]> [<optional sound file>]",
        api("conference 72013 kick"));
    assertEquals("+OK kicked " + alice + "\n", api("conference 72013 kick all"));
    assertEquals(
        List.of(
            "kick-member " + alice,
            "floor-change " + alice + "->none",
            "del-member " + alice,
            "conference-destroy"),
        actionsUntil("conference-destroy"));
  }

  @Test
  void countHasNoNewlineAndWithoutARoomCountsRooms() throws Exception {
    // conference_list_count_only (mod_conference.c:1118); conference_api_sub_count
    // (conference_api.c:2100).
    sim.addMember("72013", "Alice", "1001");
    sim.addMember("72013", "Bob", "1002");
    sim.createConference("72014");
    assertEquals("2", api("conference 72013 count"));
    assertEquals("2", api("conference 72013 list count"));
    assertEquals("2", api("conference count"));
    assertTrue(
        api("conference list count")
            .startsWith("+OK Conference 72013 (2 members rate: 48000 flags: "),
        "without a room, list ignores count (conference_api.c:2154)");
  }

  @Test
  void conferenceListShowsTheFlagsOfADynamicRoomAndRecording() throws Exception {
    // conference_api_sub_list (conference_api.c:2119-2300): exit_sound|enter_sound for BBB's rooms.
    sim.addMember("72013", "Alice", "1001");
    assertTrue(
        api("conference list")
            .startsWith(
                "+OK Conference 72013 (1 member rate: 48000 flags: running|answered|dynamic|exit_sound|enter_sound)\n"));
    api("conference 72013 recording start /var/rec/a.wav");
    assertTrue(
        api("conference list")
            .startsWith(
                "+OK Conference 72013 (1 member rate: 48000 flags: running|answered|dynamic|exit_sound|enter_sound|recording)\n"));
  }

  @Test
  void recordingStartCheckAndStopAnswerAndFireAsConferenceApiDoes() throws Exception {
    // conference_api_sub_record/check_record/norecord (conference_api.c:3723-3832) and the
    // recorder thread's events (conference_record.c:321, 429).
    int alice = sim.addMember("72013", "Alice", "1001");
    actionsUntil("floor-change");
    assertEquals(
        "+OK Record file /var/rec/a.wav\n", api("conference 72013 recording start /var/rec/a.wav"));
    Map<String, String> started = event();
    assertEquals("start-recording", started.get("Action"));
    assertEquals("/var/rec/a.wav", started.get("Path"));
    assertEquals("1", started.get("Conference-Size"), "the recorder is not counted");
    assertEquals(
        "-ERR file [/var/rec/a.wav] is already being used for recording.\n",
        api("conference 72013 recording start /var/rec/a.wav"));
    assertEquals("+OK Record file /var/rec/a.wav\n", api("conference 72013 recording check"));
    assertEquals(
        "Stopped recording file /var/rec/a.wav\n+OK Stopped recording 0 files\n",
        api("conference 72013 recording stop /var/rec/a.wav"),
        "record_count falls only when the recorder thread ends");
    Map<String, String> stopped = event();
    assertEquals("stop-recording", stopped.get("Action"));
    assertEquals("false", stopped.get("Other-Recordings"));
    assertEquals("48000", stopped.get("Samplerate"));
    assertEquals(
        Long.parseLong(stopped.get("Samples-Out")) / 48,
        Long.parseLong(stopped.get("Milliseconds-Elapsed")));
    assertEquals(
        "-ERR Conference is not being recorded.\n", api("conference 72013 recording check"));
    assertEquals(
        "-ERR non-existant recording '/nope.wav'\n+OK Stopped recording 0 files\n",
        api("conference 72013 recording stop /nope.wav"));
    assertEquals("+OK Stopped recording 0 files\n", api("conference 72013 recording stop"));
    int next = sim.addMember("72013", "Bob", "1002");
    assertEquals(alice + 2, next, "the recorder took a member id");
    assertEquals(
        "add-member", event().get("Action"), "no add-member or del-member for the recorder");
  }

  @Test
  void pauseOnAWrongPathAnswersOkThenErrInOneReply() throws Exception {
    // conference_api_sub_pauserec (conference_api.c:3834-3870) writes +OK before checking the path.
    sim.addMember("72013", "Alice", "1001");
    actionsUntil("floor-change");
    api("conference 72013 recording start /var/rec/a.wav");
    event("start-recording");
    assertEquals(
        "+OK Pause recording file /var/rec/b.wav\n-ERR non-existant recording '/var/rec/b.wav'\n",
        api("conference 72013 recording pause /var/rec/b.wav"));
    assertEquals(
        "+OK Pause recording file /var/rec/a.wav\n",
        api("conference 72013 recording pause /var/rec/a.wav"));
    Map<String, String> paused = event();
    assertEquals("pause-recording", paused.get("Action"));
    assertEquals(
        "true", paused.get("Other-Recordings"), "record_count still counts this recording");
    assertTrue(
        api("conference 72013 xml_list")
            .contains("<record_path status=\"paused\">/var/rec/a.wav</record_path>"));
    assertEquals(
        "+OK Resume recording file /var/rec/a.wav\n",
        api("conference 72013 recording resume /var/rec/a.wav"));
    assertEquals("resume-recording", event().get("Action"));
  }

  @Test
  void aRecordingThatCannotBeOpenedReportsTheErrorAndEnds() throws Exception {
    // conference_record.c:276-286: start-recording with Error, then the thread ends
    // (stop-recording).
    sim.addMember("72013", "Alice", "1001");
    actionsUntil("floor-change");
    sim.failRecordingsUnder("/readonly/");
    assertEquals(
        "+OK Record file /readonly/a.wav\n",
        api("conference 72013 recording start /readonly/a.wav"));
    Map<String, String> started = event();
    assertEquals(
        "File could not be opened for recording", started.get("Error").replace("%20", " "));
    Map<String, String> stopped = event();
    assertEquals("stop-recording", stopped.get("Action"));
    assertEquals("0", stopped.get("Samples-Out"));
  }

  @Test
  void xmlListIsConferenceXlistWrittenBySwitchXml() throws Exception {
    // conference_api_sub_xml_list (conference_api.c:4088), conference_xlist
    // (mod_conference.c:1146),
    // add_x_tag URL-encoding values (:1122), switch_xml_toxml with its header (switch_xml.c:2799).
    assertEquals(
        "<?xml version=\"1.0\"?>\n<conferences></conferences>\n", api("conference xml_list"));
    int alice = sim.addModerator("72013", "Alice Smith", "1001");
    api("conference 72013 recording start /var/rec/a.wav");
    String xml =
        api("conference xml_list")
            .replaceAll("uuid=\"[^\"]+\"", "uuid=\"U\"")
            .replaceAll("<uuid>[^<]+</uuid>", "<uuid>U</uuid>")
            .replaceAll("run_time=\"\\d+\"", "run_time=\"T\"")
            .replaceAll("<join_time>\\d+</join_time>", "<join_time>T</join_time>")
            .replaceAll("(<join_time type=\"UNIX-epoch\">)\\d+", "$1T");
    String expected =
        """
        <?xml version="1.0"?>
        <conferences>
          <conference name="72013" member-count="1" ghost-count="0" rate="48000" uuid="U" running="true" answered="true" \
        dynamic="true" exit_sound="true" enter_sound="true" recording="true" run_time="T">
            <variables></variables>
            <members>
              <member type="recording_node">
                <record_path>/var/rec/a.wav</record_path>
                <join_time type="UNIX-epoch">T</join_time>
              </member>
              <member type="caller">
                <id>ALICE</id>
                <flags>
                  <can_hear>true</can_hear>
                  <can_see>true</can_see>
                  <can_speak>true</can_speak>
                  <mute_detect>false</mute_detect>
                  <talking>false</talking>
                  <hold>false</hold>
                  <has_video>false</has_video>
                  <video_bridge>false</video_bridge>
                  <has_floor>true</has_floor>
                  <is_moderator>true</is_moderator>
                  <end_conference>false</end_conference>
                  <mandatory_member_end_conference>false</mandatory_member_end_conference>
                  <is_ghost>false</is_ghost>
                </flags>
                <uuid>U</uuid>
                <caller_id_name>Alice%20Smith</caller_id_name>
                <caller_id_number>1001</caller_id_number>
                <join_time>T</join_time>
                <last_talking>N/A</last_talking>
                <energy>300</energy>
                <volume_in>0</volume_in>
                <volume_out>0</volume_out>
                <output-volume>0</output-volume>
              </member>
            </members>
          </conference>
        </conferences>
        """
            .replace("ALICE", Integer.toString(alice));
    assertEquals(expected, xml);
  }

  @Test
  void dtmfEventsCarryTheKeyAndTheControlsData() throws Exception {
    // conference_loop_event (conference_loop.c:616-625): dtmf with DTMF-Key and Data;
    // conference_api_sub_dtmf (conference_api.c:1016-1056): "+OK sent" and dtmf-member with Digits.
    int alice = sim.addMember("72013", "Alice", "1001");
    actionsUntil("floor-change");
    assertTrue(sim.pressDtmf("72013", alice, "0", "mute-all"));
    Map<String, String> dtmf = event();
    assertEquals("dtmf", dtmf.get("Action"));
    assertEquals("0", dtmf.get("DTMF-Key"));
    assertEquals("mute-all", dtmf.get("Data"));
    assertEquals(Integer.toString(alice), dtmf.get("Member-ID"));
    assertEquals("+OK sent 123 to " + alice + "\n", api("conference 72013 dtmf " + alice + " 123"));
    Map<String, String> member = event();
    assertEquals("dtmf-member", member.get("Action"));
    assertEquals("123", member.get("Digits"));
    assertFalse(sim.pressDtmf("72013", 999, "0", "x"));
  }
}
