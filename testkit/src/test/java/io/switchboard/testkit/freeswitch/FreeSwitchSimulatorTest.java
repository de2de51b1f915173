package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's bytes against what mod_event_socket.c writes, through a plain TCP socket. */
class FreeSwitchSimulatorTest {
  private static final String GOODBYE_NOTICE =
      "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
          + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

  @TempDir Path conf;
  private FreeSwitchSimulator sim;

  @BeforeEach
  void start() throws Exception {
    sim =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults()
                .withConfigurationDir(conf)
                .withHostname("bbb-node-1")
                .withHeartbeatInterval(Duration.ZERO)
                .withUsers(Map.of("monitor@bbb-node-1", "s3cret")));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void greetingAndPasswordAuth() throws Exception {
    try (RawClient c = new RawClient(sim.port())) {
      assertEquals("Content-Type: auth/request\n\n", c.readBytes(28));
      c.send("auth ClueCon\n\n");
      assertEquals("Content-Type: command/reply\nReply-Text: +OK accepted\n\n", c.readBytes(54));
    }
  }

  @Test
  void wrongPasswordIsRefusedWithTheNoticeAndAClose() throws Exception {
    try (RawClient c = new RawClient(sim.port())) {
      c.readFrame();
      c.send("auth guess\n\n");
      assertEquals("Content-Type: command/reply\nReply-Text: -ERR invalid\n\n", c.readBytes(54));
      assertEquals(GOODBYE_NOTICE, c.readBytes(GOODBYE_NOTICE.length()));
      assertTrue(c.closedByPeer(5000));
    }
    assertTrue(sim.commandLog().contains("auth ***"), "passwords are masked in the log");
  }

  @Test
  void userauthAcceptsAConfiguredUser() throws Exception {
    try (RawClient c = new RawClient(sim.port())) {
      c.readFrame();
      c.send("userauth monitor@bbb-node-1:s3cret\n\n");
      RawClient.Frame reply = c.readFrame();
      assertEquals("+OK accepted", reply.header("Reply-Text"));
      assertEquals("all", reply.header("Allowed-Events"));
      assertEquals("true", reply.header("Allowed-LOG"), "mod_event_socket.c:1905");
    }
  }

  @Test
  void commandsBeforeAuthAreNotFound() throws Exception {
    try (RawClient c = new RawClient(sim.port())) {
      c.readFrame();
      c.send("api status\n\n");
      assertEquals("-ERR command not found", c.readFrame().header("Reply-Text"));
    }
  }

  @Test
  void apiReplyFramingAndUnknownCommands() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("api status\n\n");
      RawClient.Frame status = c.readFrame();
      assertEquals("api/response", status.header("Content-Type"));
      assertTrue(
          status.body().startsWith("UP 0 years, 0 days, 0 hours, 0 minutes, "), status.body());
      assertTrue(
          status.body().contains("FreeSWITCH (Version 1.10.12-release~64bit 64bit) is ready\n"));

      c.send("api nosuchthing arg\n\n");
      assertEquals(
          "Content-Type: api/response\nContent-Length: 36\n\n-ERR nosuchthing Command not found!\n",
          c.readBytes(83));

      c.send("bogus\n\n");
      assertEquals("-ERR command not found", c.readFrame().header("Reply-Text"));

      c.send("api global_getvar hostname\n\n");
      assertEquals("bbb-node-1", c.readFrame().body());
      c.send("api global_getvar no_such_var\n\n");
      assertEquals(
          "-ERR no reply\n",
          c.readFrame().body(),
          "api_exec turns an empty reply into -ERR no reply");
    }
  }

  @Test
  void bgapiRepliesWithTheClientsJobUuidThenSendsBackgroundJob() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain BACKGROUND_JOB\n\n");
      assertEquals("+OK event listener enabled plain", c.readFrame().header("Reply-Text"));
      c.send("bgapi version\nJob-UUID: 11111111-2222-3333-4444-555555555555\n\n");
      assertEquals(
          "Content-Type: command/reply\nReply-Text: +OK Job-UUID: 11111111-2222-3333-4444-555555555555\n"
              + "Job-UUID: 11111111-2222-3333-4444-555555555555\n\n",
          c.readBytes(139));
      RawClient.Frame event = c.readEvent();
      Map<String, String> headers = event.plainEventHeaders();
      assertEquals("BACKGROUND_JOB", headers.get("Event-Name"));
      assertEquals("11111111-2222-3333-4444-555555555555", headers.get("Job-UUID"));
      assertEquals("_undef_", headers.get("Job-Owner-UUID"), "empty values are written as _undef_");
      assertEquals("version", headers.get("Job-Command"));
      String body = "FreeSWITCH Version 1.10.12-release~64bit (1.10.12-release~64bit 64bit)\n";
      assertTrue(
          event.body().endsWith("Content-Length: " + body.length() + "\n\n" + body), event.body());
    }
  }

  @Test
  void plainEventsFollowSwitchEventSerialize() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain HEARTBEAT\n\n");
      c.readFrame();
      sim.heartbeat();
      RawClient.Frame frame = c.readEvent();
      assertTrue(
          frame
              .head()
              .startsWith(
                  "Content-Length: "
                      + frame.body().length()
                      + "\nContent-Type: text/event-plain\n\n"),
          frame.head());
      List<String> names = new ArrayList<>(frame.plainEventHeaders().keySet());
      assertEquals(
          List.of(
              "Event-Name",
              "Core-UUID",
              "FreeSWITCH-Hostname",
              "FreeSWITCH-Switchname",
              "FreeSWITCH-IPv4",
              "FreeSWITCH-IPv6",
              "Event-Date-Local",
              "Event-Date-GMT",
              "Event-Date-Timestamp",
              "Event-Calling-File",
              "Event-Calling-Function",
              "Event-Calling-Line-Number",
              "Event-Sequence",
              "Event-Info",
              "Up-Time"),
          names.subList(0, 15));
      Map<String, String> h = frame.plainEventHeaders();
      assertEquals("System%20Ready", h.get("Event-Info"));
      assertEquals("%3A%3A1", h.get("FreeSWITCH-IPv6"));
      assertTrue(
          h.get("Event-Date-GMT")
              .matches(
                  "[A-Z][a-z]{2},%20\\d{1,2}%20[A-Z][a-z]{2}%20\\d{4}%20\\d\\d%3A\\d\\d%3A\\d\\d%20GMT"),
          h.get("Event-Date-GMT"));
      assertTrue(frame.body().endsWith("\n\n"), "a body-less event ends with an empty line");
    }
  }

  @Test
  void urlEncodingMatchesSwitchUrlEncode() {
    assertEquals("a%20b%3Ac%2Bd%25e%0A%C3%A9/~", EventSerializer.urlEncode("a b:c+d%e\né/~"));
    assertEquals(
        "100%25%20sure",
        EventSerializer.urlEncode("100%25 sure"), "an existing %XX is not encoded again");
    assertEquals(
        "a%252fb",
        EventSerializer.urlEncode("a%2fb"),
        "only upper-case %XX counts as encoded (switch_utils.c:3517)");
    assertEquals(
        "%F0%9F%98%80x%3F%25",
        EventSerializer.urlEncode("\uD83D\uDE00x\uD83D%"),
        "a character outside the BMP is its four UTF-8 bytes; a lone surrogate is '?'");
  }

  @Test
  void jsonAndXmlFormats() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event json CUSTOM conference::maintenance\n\n");
      assertEquals("+OK event listener enabled json", c.readFrame().header("Reply-Text"));
      sim.addMember("3500", "Zoë \"Z\" Müller", "+4930123");
      RawClient.Frame json = c.readEvent();
      assertEquals("text/event-json", json.header("Content-Type"));
      JsonNode tree = new ObjectMapper().readTree(json.body());
      assertEquals("conference-create", tree.get("Action").asText());
      JsonNode member = new ObjectMapper().readTree(c.readEvent().body());
      assertEquals("add-member", member.get("Action").asText());
      assertEquals("Zoë \"Z\" Müller", member.get("Caller-Caller-ID-Name").asText());
      assertEquals("conference::maintenance", member.get("Event-Subclass").asText());
      assertEquals(
          "floor-change",
          new ObjectMapper().readTree(c.readEvent().body()).get("Action").asText(),
          "the first member takes the floor (mod_conference.c:316)");

      c.send("event xml CUSTOM conference::maintenance\n\n");
      assertEquals("+OK event listener enabled xml", c.readFrame().header("Reply-Text"));
      sim.fireEvent("CUSTOM", "conference::maintenance", Map.of("Action", "a<b"), "body & <more>");
      RawClient.Frame xml = c.readEvent();
      assertTrue(
          xml.body().startsWith("<event>\n  <headers>\n    <Event-Name>CUSTOM</Event-Name>\n"),
          xml.body());
      assertTrue(
          xml.body()
              .contains(
                  "    <Action>a%3Cb</Action>\n  </headers>\n  <Content-Length>13</Content-Length>\n"
                      + "  <body>body &amp; &lt;more&gt;</body>\n</event>\n"),
          xml.body());
    }
  }

  @Test
  void customSubclassesAndFilters() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain CUSTOM conference::maintenance\n\n");
      c.readFrame();
      c.send("filter Conference-Name 3501\n\n");
      assertEquals(
          "+OK filter added. [Conference-Name]=[3501]", c.readFrame().header("Reply-Text"));
      sim.fireEvent("CUSTOM", "sofia::gateway_state", Map.of("Gateway", "g"), null);
      sim.createConference("3500");
      sim.createConference("3501");
      Map<String, String> h = c.readEvent().plainEventHeaders();
      assertEquals(
          "3501",
          h.get("Conference-Name"),
          "other subclasses and filtered-out rooms are not delivered");
      assertEquals("conference%3A%3Amaintenance", h.get("Event-Subclass"));
      c.send("filter delete all\n\n");
      assertEquals("+OK filter deleted. [all][]", c.readFrame().header("Reply-Text"));
    }
  }

  @Test
  void nixeventNoeventsAndBadSubscriptions() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain NOT_AN_EVENT\n\n");
      assertEquals("-ERR no keywords supplied", c.readFrame().header("Reply-Text"));
      c.send("noevents\n\n");
      assertEquals("-ERR not listening for events", c.readFrame().header("Reply-Text"));
      c.send("event plain ALL\n\n");
      c.readFrame();
      c.send("nixevent HEARTBEAT\n\n");
      assertEquals("+OK events nixed", c.readFrame().header("Reply-Text"));
      sim.heartbeat();
      sim.fireEvent("RELOADXML", null, Map.of(), null);
      assertEquals("RELOADXML", c.readEvent().plainEventHeaders().get("Event-Name"));
      c.send("noevents\n\n");
      assertEquals("+OK no longer listening for events", c.readFrame().header("Reply-Text"));
    }
  }

  @Test
  void exitSaysByeAndCloses() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("exit\n\n");
      assertEquals("Content-Type: command/reply\nReply-Text: +OK bye\n\n", c.readBytes(49));
      assertEquals(GOODBYE_NOTICE, c.readBytes(GOODBYE_NOTICE.length()));
      assertTrue(c.closedByPeer(5000));
    }
  }

  @Test
  void aRoomsLifecycleInOrder() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain CUSTOM conference::maintenance\n\n");
      c.readFrame();
      int alice = sim.addMember("72013", "Alice", "1001");
      int bob = sim.addMember("72013", "Bob", "1002");
      sim.startTalking("72013", alice);
      sim.stopTalking("72013", alice);
      sim.removeMember("72013", bob);
      sim.removeMember("72013", alice);
      List<String> actions = new ArrayList<>();
      List<String> sizes = new ArrayList<>();
      while (actions.size() < 7) {
        Map<String, String> h = c.readEvent().plainEventHeaders();
        if (h.get("Action").equals("floor-change")) {
          continue; // the floor's own order is ConferenceTest's
        }
        actions.add(h.get("Action"));
        sizes.add(h.get("Conference-Size"));
        assertEquals("72013", h.get("Conference-Name"));
      }
      assertEquals(
          List.of(
              "conference-create",
              "add-member",
              "add-member",
              "start-talking",
              "stop-talking",
              "del-member",
              "del-member"),
          actions.subList(0, 7));
      assertEquals("conference-destroy", c.readEvent().plainEventHeaders().get("Action"));
      assertEquals(List.of("0", "1", "2", "2", "2", "1", "0"), sizes);
      assertEquals(Map.of(), sim.conferences());
    }
  }

  @Test
  void conferenceListOutput() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("api conference list\n\n");
      assertEquals("+OK No active conferences.\n", c.readFrame().body());
      int id = sim.addMember("72013", "Alice", "1001");
      c.send("api conference 72013 list\n\n");
      String line = c.readFrame().body();
      assertTrue(
          line.matches(
              id
                  + ";sofia/external/1001@127.0.0.1;[0-9a-f-]{36};Alice;1001;hear\\|speak\\|floor;0;0;300\n"),
          line);
      c.send("api conference list\n\n");
      assertTrue(
          c.readFrame()
              .body()
              .startsWith(
                  "+OK Conference 72013 (1 member rate: 48000 flags: running|answered|dynamic|exit_sound|enter_sound)\n"));
      c.send("api conference 99999 list\n\n");
      assertEquals("-ERR Conference 99999 not found\n", c.readFrame().body());
    }
  }

  @Test
  void droppedConnectionsCloseWithoutNotice() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      sim.dropConnections();
      assertTrue(c.closedByPeer(5000));
    }
  }

  @Test
  void aFrozenSimulatorAnswersNothingUntilThawed() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      sim.freeze();
      c.send("api version\n\n");
      assertTrue(c.silentFor(500));
      sim.thaw();
      assertTrue(c.readFrame().body().startsWith("FreeSWITCH Version"));
    }
  }

  @Test
  void malformedFramesAreWrittenVerbatim() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      sim.sendMalformedFrame(MalformedFrame.HEADER_WITHOUT_COLON);
      assertEquals("Content-Type: command/reply\nthis is not a header\n\n", c.readBytes(50));
    }
  }

  @Test
  void restartComesBackOnTheSamePortAsANewProcess() throws Exception {
    String before = sim.coreUuid();
    RawClient c = RawClient.authenticated(sim);
    sim.restart(Duration.ofMillis(200));
    assertTrue(c.closedByPeer(5000));
    c.close();
    try (RawClient again = RawClient.authenticated(sim)) {
      again.send("api version\n\n");
      assertTrue(again.readFrame().body().startsWith("FreeSWITCH Version"));
    }
    assertNotEquals(before, sim.coreUuid());
  }

  @Test
  void aListenerThatDoesNotReadIsKilledAfterTooManyLostEvents() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain CUSTOM conference::maintenance\n\n");
      c.readFrame();
      // The client reads nothing: the socket fills, then the 100,000-event queue, then 500 more are
      // lost.
      // Socket buffers take some thousands of events before the queue starts to fill.
      int count = Listener.MAX_QUEUE_LEN + 20_000;
      long fired =
          sim.emit(BulkEmission.conferenceEvents(count, 100, 0)).get(120, TimeUnit.SECONDS);
      assertEquals(count, fired);
      assertTrue(sim.lostEvents() > Listener.MAX_MISSED, "lost " + sim.lostEvents());
      String notice =
          "Content-Type: text/disconnect-notice\nContent-Length: 39\n\nkilled listener because of lost events\n";
      RawClient.Frame last = null;
      while (true) {
        RawClient.Frame frame = c.readFrame();
        if ("text/disconnect-notice".equals(frame.header("Content-Type"))) {
          last = frame;
          break;
        }
      }
      assertEquals(notice, last.head() + last.body());
      assertTrue(c.closedByPeer(5000));
    }
  }

  @Test
  void bulkEventsArriveInOrderWithFreeSwitchSequenceNumbers() throws Exception {
    try (RawClient c = RawClient.authenticated(sim)) {
      c.send("event plain CUSTOM conference::maintenance\n\n");
      c.readFrame();
      sim.emit(BulkEmission.conferenceEvents(2000, 1024, 0));
      long lastSequence = 0;
      for (int i = 1; i <= 2000; i++) {
        RawClient.Frame frame = c.readEvent();
        Map<String, String> h = frame.plainEventHeaders();
        assertEquals(Integer.toString(i), h.get("Load-Index"));
        long sequence = Long.parseLong(h.get("Event-Sequence"));
        assertTrue(sequence > lastSequence);
        lastSequence = sequence;
        assertTrue(
            Math.abs(frame.body().length() - 1024) < 200, "about 1 KB: " + frame.body().length());
      }
    }
    assertFalse(sim.lostEvents() > 0);
  }

  @Test
  void bulkEventsReachAJsonListenerAndAFilteredOneEventByEvent() throws Exception {
    try (RawClient json = RawClient.authenticated(sim);
        RawClient filtered = RawClient.authenticated(sim)) {
      json.send("event json CUSTOM conference::maintenance\n\n");
      json.readFrame();
      filtered.send("event plain CUSTOM conference::maintenance\n\n");
      filtered.readFrame();
      filtered.send("filter Load-Index 7\n\n");
      filtered.readFrame();
      sim.emit(BulkEmission.conferenceEvents(300, 200, 0)).get(30, TimeUnit.SECONDS);
      for (int i = 1; i <= 300; i++) {
        assertTrue(
            json.readEvent().body().contains("\"Load-Index\":\"" + i + "\""), "json event " + i);
      }
      assertEquals(
          "7",
          filtered.readEvent().plainEventHeaders().get("Load-Index"),
          "only the event the filter names");
    }
  }
}
