package io.switchboard.testkit.freeswitch;

import static io.switchboard.testkit.freeswitch.SofiaEvents.describe;
import static io.switchboard.testkit.freeswitch.SofiaEvents.state;
import static io.switchboard.testkit.freeswitch.SofiaEvents.subclass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated mod_sofia gateways registering over real SIP at {@link ScriptedRegistrar}, seen through
 * the event socket as a registration service sees them. Each test names the FreeSWITCH source
 * (signalwire/freeswitch master) it follows.
 */
class SofiaGatewaysTest {
  /** One sofia second; the periods below are in sofia seconds. */
  private static final long TICK_MILLIS = 50;

  private static final String PASSWORD = "s3cret";

  @TempDir Path conf;
  private ScriptedRegistrar registrar;
  private FreeSwitchSimulator sim;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(conf.resolve("sip_profiles/external"));
    registrar = new ScriptedRegistrar(PASSWORD);
    sim =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults()
                .withConfigurationDir(conf)
                .withHeartbeatInterval(Duration.ZERO)
                .withSofiaTick(Duration.ofMillis(TICK_MILLIS)));
  }

  @AfterEach
  void stop() {
    sim.close();
    registrar.close();
  }

  /**
   * A gateway file as FreeSWITCH's preprocessor needs it: the include wrapper on lines of its own.
   */
  private void gateway(String name, String... params) throws Exception {
    StringBuilder xml = new StringBuilder("<include>\n  <gateway name=\"" + name + "\">\n");
    for (int i = 0; i < params.length; i += 2) {
      xml.append("    <param name=\"")
          .append(params[i])
          .append("\" value=\"")
          .append(params[i + 1])
          .append("\"/>\n");
    }
    xml.append("  </gateway>\n</include>\n");
    Files.writeString(
        conf.resolve("sip_profiles/external/" + name.replaceAll("[^A-Za-z0-9.-]", "_") + ".xml"),
        xml);
  }

  private void registering(String name, String... extra) throws Exception {
    List<String> params =
        new ArrayList<>(
            List.of(
                "username",
                name,
                "password",
                PASSWORD,
                "proxy",
                registrar.address(),
                "retry-seconds",
                "5",
                "timeout-seconds",
                "60"));
    params.addAll(List.of(extra));
    gateway(name, params.toArray(String[]::new));
  }

  /**
   * sofia.c:3772-4003 (parse_gateways): what is skipped, what is live, what rescan leaves alone.
   */
  @Test
  void rescanSkipsGatewaysFreeSwitchRejectsAndNeverChangesOrRemovesALiveOne() throws Exception {
    registering("room-1");
    gateway("no-password", "username", "u", "proxy", registrar.address());
    gateway("no-username", "password", "p", "proxy", registrar.address());
    gateway("bad name", "register", "false");
    gateway("peer", "register", "no", "proxy", registrar.address());
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      assertEquals(
          "Reload XML [Success]\n+OK scan complete\n", fs.api("sofia profile external rescan"));
      fs.until("room-1", state("REGED"));
      List<String> added =
          fs.all().stream()
              .filter(subclass("sofia::gateway_add"))
              .map(e -> e.get("Gateway"))
              .toList();
      assertEquals(2, added.size(), added.toString());
      assertEquals(Set.of("room-1", "peer"), Set.copyOf(added));
      assertTrue(fs.api("sofia status gateway peer").contains("State   \tNOREG\n"));

      registering("room-1", "username", "changed");
      Files.delete(conf.resolve("sip_profiles/external/peer.xml"));
      assertEquals(
          "Reload XML [Success]\n+OK scan complete\n", fs.api("sofia profile external rescan"));
      String status = fs.api("sofia status gateway room-1");
      assertTrue(status.contains("Username\troom-1\n"), status);
      assertTrue(
          fs.api("sofia status gateway peer").contains("State   \tNOREG\n"),
          "a deleted file leaves its gateway");
      assertEquals(2, fs.all().stream().filter(subclass("sofia::gateway_add")).count());
    }
  }

  /**
   * sofia_reg.c:153, 2576-2675 and 316-562: TRYING, a silent digest answer, REGISTER 200, REGED.
   */
  @Test
  void aGatewayRegistersOverSipAnsweringTheChallengeAndReportsEachStep() throws Exception {
    registering("room-2");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      List<Map<String, String>> events = fs.until("room-2", state("REGED"));
      assertEquals(
          List.of("add", "TRYING", "REGISTER 200", "REGED"),
          events.stream().map(SofiaEvents::describe).toList());
      Map<String, String> trying = events.get(1);
      assertEquals("DOWN", trying.get("Ping-Status"));
      assertNull(trying.get("Register-Network-IP"), "no response yet, so no network address");
      Map<String, String> register = events.get(2);
      assertEquals("OK", register.get("Phrase"));
      assertEquals("DOWN", register.get("Ping-Status"));
      assertEquals("127.0.0.1", register.get("Register-Network-IP"));
      assertEquals(registrar.address().split(":")[1], register.get("Register-Network-Port"));
      Map<String, String> reged = events.get(3);
      assertEquals("UP", reged.get("Ping-Status"));
      assertEquals("127.0.0.1", reged.get("Register-Network-IP"));
      assertNull(reged.get("Status"));

      List<ScriptedRegistrar.Received> received = requests();
      assertEquals(2, received.size(), received.toString());
      assertFalse(received.get(0).authorized());
      assertTrue(received.get(1).authorized());
      assertEquals(received.get(0).callId(), received.get(1).callId());
      assertEquals(3600, received.get(1).expires());
      assertEquals(
          "sip:gw+room-2@" + sim.sipAddress() + ";transport=udp;gw=room-2",
          registrar.bindings().get("room-2"));
      String status = fs.api("sofia status gateway room-2");
      assertTrue(
          status.contains("State   \tREGED\n")
              && status.contains("Status  \tUP\n")
              && status.contains("Expires \t3600\n")
              && status.contains("Freq    \t3600\n"),
          status);
    }
  }

  /**
   * nua_dialog.c nua_dialog_usage_set_refresh: sofia-sip re-registers by itself; each answer is
   * REGISTER + REGED.
   */
  @Test
  void sofiaSipRefreshesBeforeTheGrantedExpiryWithTheCachedCredentials() throws Exception {
    registrar.grant(20);
    registering("room-3");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      fs.until("room-3", state("REGED"));
      List<Map<String, String>> refresh = fs.until("room-3", state("REGED"));
      assertEquals(
          List.of("REGISTER 200", "REGED"), refresh.stream().map(SofiaEvents::describe).toList());
      assertEquals(
          "UP", refresh.get(0).get("Ping-Status"), "the gateway stays up while it refreshes");
      List<ScriptedRegistrar.Received> received = requests();
      assertEquals(3, received.size(), "challenge, answer, refresh: " + received);
      assertTrue(received.get(2).authorized(), "the refresh carries the cached credentials");
      assertEquals(received.get(0).callId(), received.get(2).callId());
    }
  }

  /**
   * sofia_reg.c:416-441 and 540-545: FreeSWITCH's own expiry (freq / 2 here) re-registers through
   * UNREGED.
   */
  @Test
  void freeSwitchsOwnExpiryReRegistersThroughUnreged() throws Exception {
    registrar.grant(3600);
    registering("room-4", "expire-seconds", "10");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      fs.until("room-4", state("REGED"));
      List<Map<String, String>> again = fs.until("room-4", state("REGED"));
      assertEquals(
          List.of("UNREGED", "TRYING", "REGISTER 200", "REGED"),
          again.stream().map(SofiaEvents::describe).toList());
      assertEquals(
          "127.0.0.1", again.get(0).get("Register-Network-IP"), "the address is never cleared");
      assertEquals(10, registrar.received().get(registrar.received().size() - 1).expires());
    }
  }

  /**
   * sofia_reg.c:2658-2668 then 508-528: a 403 is FAILED with its Status, FAIL_WAIT at the next
   * check, and the wait grows as retry-seconds x failures; a 503 always waits retry-seconds.
   */
  @Test
  void a403WaitsRetrySecondsTimesFailuresAndA503PlainRetrySeconds() throws Exception {
    registrar.answer("denied", ScriptedRegistrar.Answer.FORBIDDEN);
    registrar.answer("busy", ScriptedRegistrar.Answer.UNAVAILABLE);
    registering("denied");
    registering("busy");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      List<Long> deniedWaits = new ArrayList<>();
      for (int failure = 1; failure <= 3; failure++) {
        List<Map<String, String>> cycle = fs.until("denied", state("UNREGED"));
        List<String> steps =
            cycle.stream().map(SofiaEvents::describe).filter(s -> !s.equals("add")).toList();
        assertEquals(List.of("TRYING", "FAILED 403", "FAIL_WAIT", "UNREGED"), steps);
        Map<String, String> failed = cycle.get(cycle.size() - 3);
        assertEquals("Forbidden", failed.get("Phrase"));
        Map<String, String> failWait = cycle.get(cycle.size() - 2);
        assertEquals("DOWN", failWait.get("Ping-Status"));
        assertEquals("127.0.0.1", failWait.get("Register-Network-IP"));
        assertNull(failWait.get("Status"));
        deniedWaits.add(micros(cycle.get(cycle.size() - 1)) - micros(failWait));
      }
      for (int k = 1; k <= 3; k++) {
        // Never sooner than k x retry-seconds (less one check for the rounding of "now").
        assertTrue(
            deniedWaits.get(k - 1) >= (5L * k - 1) * TICK_MILLIS * 1000,
            "wait " + k + ": " + deniedWaits);
      }
      List<Long> busyWaits = new ArrayList<>();
      for (int failure = 1; failure <= 3; failure++) {
        List<Map<String, String>> cycle = fs.until("busy", state("UNREGED"));
        assertEquals("FAILED 503", describe(cycle.get(cycle.size() - 3)));
        busyWaits.add(micros(cycle.get(cycle.size() - 1)) - micros(cycle.get(cycle.size() - 2)));
      }
      assertTrue(
          busyWaits.get(2) * 2 < deniedWaits.get(2),
          "503 waits do not grow: " + busyWaits + " vs " + deniedWaits);
    }
  }

  /**
   * sofia_reg.c:535-539 and 495-529: a registrar that keeps challenging (nua_client.c:1314-1346
   * gives up after NUTAG_RETRY_COUNT restarts) or never answers, with timeout-seconds under Timer
   * F's 32 s, leaves TRYING only at timeout-seconds: TIMEOUT, FAILED without a Status, FAIL_WAIT.
   * No 401 ever shows as a Status.
   */
  @Test
  void aWrongPasswordOrASilentRegistrarEndsInTimeoutFailedFailWait() throws Exception {
    registrar.answer("mute", ScriptedRegistrar.Answer.SILENT);
    registering("wrong-pw", "password", "guess", "timeout-seconds", "20");
    registering("mute", "timeout-seconds", "10");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      for (String gw : List.of("wrong-pw", "mute")) {
        List<String> steps =
            fs.until(gw, state("FAIL_WAIT")).stream().map(SofiaEvents::describe).toList();
        assertEquals(List.of("add", "TRYING", "TIMEOUT", "FAILED", "FAIL_WAIT"), steps, gw);
      }
      long wrongPasswordRegisters =
          requests().stream().filter(r -> r.user().equals("wrong-pw")).count();
      assertTrue(
          wrongPasswordRegisters >= 4,
          "first REGISTER and three answers to the challenge: " + wrongPasswordRegisters);
      assertTrue(fs.all().stream().noneMatch(e -> "401".equals(e.get("Status"))));
      assertTrue(
          fs.all().stream()
              .filter(e -> "wrong-pw".equals(e.get("Gateway")))
              .noneMatch(e -> e.containsKey("Register-Network-IP")),
          "challenges go to sofia_reg_handle_sip_r_challenge, which records no address");
    }
  }

  /**
   * nta.c:9213 (outgoing_timeout, 408 on by default at nta.c:931) with sofia_reg.c:2658: with the
   * default timeout-seconds of 60, Timer F (64 x T1 = 32 s) ends the REGISTER first, and
   * sofia-sip's local 408 makes the gateway FAILED with Status 408, not TIMEOUT.
   */
  @Test
  void aRegistrarThatNeverAnswersFailsWithSofiaSipsOwn408BeforeTheDefaultTimeout()
      throws Exception {
    registrar.answer("deaf", ScriptedRegistrar.Answer.SILENT);
    registering("deaf", "timeout-seconds", "60");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      List<Map<String, String>> events = fs.until("deaf", state("FAIL_WAIT"));
      assertEquals(
          List.of("add", "TRYING", "FAILED 408", "FAIL_WAIT"),
          events.stream().map(SofiaEvents::describe).toList());
      assertEquals("Request Timeout", events.get(2).get("Phrase"));
      assertTrue(
          registrar.received().size() > 1,
          "REGISTER retransmitted (Timer E): " + registrar.received());
    }
  }

  /**
   * sofia_reg.c:2526-2573 and 2833-2840: a challenge from a host that is not the gateway's proxy.
   */
  @Test
  void aChallengeFromAnotherAddressFiresInvalidDigestRequest() throws Exception {
    registrar.answer("spoofed", ScriptedRegistrar.Answer.CHALLENGE_FROM_ELSEWHERE);
    registering("spoofed", "timeout-seconds", "10");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      Map<String, String> invalid = fs.await(subclass("sofia::gateway_invalid_digest_req"));
      assertEquals("spoofed", invalid.get("Gateway"));
      assertEquals("external", invalid.get("profile-name"));
      assertEquals("\"" + ScriptedRegistrar.REALM + "\"", invalid.get("realm"));
      assertEquals(1, requests().size(), "the challenge is not answered");
      assertEquals(
          "TIMEOUT",
          describe(
              fs.await(
                  e -> "spoofed".equals(e.get("Gateway")) && "TIMEOUT".equals(e.get("State")))));
    }
  }

  /**
   * sofia_reg.c:2548 (sip_resolve_compare): a proxy given by name is resolved to judge who
   * challenges.
   */
  @Test
  void aChallengeFromTheResolvedAddressOfAProxyNameIsAnswered() throws Exception {
    registering("by-name", "proxy", "localhost:" + registrar.address().split(":")[1]);
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      assertEquals(
          List.of("add", "TRYING", "REGISTER 200", "REGED"),
          fs.until("by-name", state("REGED")).stream().map(SofiaEvents::describe).toList());
      assertTrue(fs.all().stream().noneMatch(subclass("sofia::gateway_invalid_digest_req")));
    }
  }

  /** mod_sofia.c:3584-3601 with sofia_glue.c:2097 and sofia_reg.c:316-358, 433-437. */
  @Test
  void killgwRepliesAtOnceThenUnregistersAndIsDeletedOneCheckLater() throws Exception {
    registering("room-5");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      fs.until("room-5", state("REGED"));
      assertEquals(
          "+OK gateway marked for deletion.\n", fs.api("sofia profile external killgw room-5"));
      assertEquals(
          "-ERR no such gateway.\n",
          fs.api("sofia profile external killgw room-5"),
          "a deleted gateway is not found");
      List<String> end =
          fs.until("room-5", subclass("sofia::gateway_delete")).stream()
              .map(SofiaEvents::describe)
              .toList();
      assertEquals(List.of("DOWN", "delete"), end);
      eventually(
          () -> registrar.bindings().isEmpty(), () -> "binding left: " + registrar.bindings());
      ScriptedRegistrar.Received last = registrar.received().get(registrar.received().size() - 1);
      assertEquals(0, last.expires());
      assertTrue(last.authorized(), "the un-REGISTER carries the cached credentials");
    }
  }

  /**
   * sofia.c:3784 with sofia_reg.c:3683: the new gateway of the name is added before the old one
   * goes.
   */
  @Test
  void aRescanRightAfterKillgwAddsTheNewGatewayBeforeTheOldOneIsDown() throws Exception {
    registering("room-6");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      fs.until("room-6", state("REGED"));
      fs.api("sofia profile external killgw room-6");
      fs.api("sofia profile external rescan");
      List<String> after =
          fs.until("room-6", subclass("sofia::gateway_delete")).stream()
              .map(SofiaEvents::describe)
              .toList();
      assertEquals("add", after.get(0), after.toString());
      assertTrue(
          after.indexOf("DOWN") > 0 && after.indexOf("DOWN") < after.indexOf("delete"),
          after.toString());
      assertEquals(
          "REGED",
          describe(
              fs.await(e -> "room-6".equals(e.get("Gateway")) && "REGED".equals(e.get("State")))));
    }
  }

  /**
   * mod_sofia.c:3691-3755: register and unregister fire nothing themselves; the next check sends.
   */
  @Test
  void registerAndUnregisterEmitOnlyTheEventsOfTheChecksThatFollow() throws Exception {
    registering("room-7");
    registering("room-8");
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      fs.api("sofia profile external rescan");
      fs.until("room-7", state("REGED"));
      fs.until("room-8", state("REGED"));
      assertEquals("+OK\n", fs.api("sofia profile external unregister room-7"));
      assertEquals(
          List.of("DOWN"),
          fs.until("room-7", state("DOWN")).stream().map(SofiaEvents::describe).toList());
      eventually(
          () -> !registrar.bindings().containsKey("room-7"),
          () -> "still bound: " + registrar.bindings());
      assertEquals("+OK\n", fs.api("sofia profile external register room-7"));
      assertEquals(
          List.of("TRYING", "REGISTER 200", "REGED"),
          fs.until("room-7", state("REGED")).stream().map(SofiaEvents::describe).toList());

      assertEquals("+OK\n", fs.api("sofia profile external unregister all"));
      fs.until("room-7", state("DOWN"));
      fs.until("room-8", state("DOWN"));
      eventually(
          () -> registrar.bindings().isEmpty(), () -> "still bound: " + registrar.bindings());
      assertEquals("+OK\n", fs.api("sofia profile external register all"));
      fs.until("room-7", state("REGED"));
      fs.until("room-8", state("REGED"));
      assertEquals(2, registrar.bindings().size());
      assertTrue(fs.all().stream().noneMatch(e -> "UNREGISTER".equals(e.get("State"))));

      assertEquals("Invalid gateway!\n", fs.api("sofia profile external register nosuch"));
      assertEquals("No gateway name provided!\n", fs.api("sofia profile external unregister"));
    }
  }

  /**
   * mod_sofia.c:2938-3025 (cmd_status), 3602-3617 (startgw) and the texts of cmd_profile and
   * sofia_function.
   */
  @Test
  void statusStartgwAndErrorTextsReadAsFreeSwitchs() throws Exception {
    try (SofiaEvents fs = new SofiaEvents(sim)) {
      registering("room-9");
      registering("room-10");
      assertEquals(
          "Reload XML [Success]\n+OK start gateway room-9 complete\n",
          fs.api("sofia profile external startgw room-9"));
      fs.until("room-9", state("REGED"));
      assertEquals(
          "Reload XML [Success]\n+OK start gateway nosuch complete\n",
          fs.api("sofia profile external startgw nosuch"));
      assertTrue(
          fs.all().stream().noneMatch(e -> "room-10".equals(e.get("Gateway"))),
          "startgw adds the named gateway only");

      String line = "=".repeat(97);
      String summary = fs.api("sofia status gateway");
      assertEquals(
          String.format(
                  "%25s\t%32s\t%s\t%9s\t%s\t%s\n",
                  "Profile::Gateway-Name",
                  "    Data    ",
                  "State",
                  "Ping Time",
                  "IB Calls(F/T)",
                  "OB Calls(F/T)")
              + line
              + "\n"
              + String.format(
                  "%25s\t%32s\t%s\t%6.2f\t%d/%d\t%d/%d\n",
                  "external::room-9", "sip:room-9@" + registrar.address(), "REGED", 0.0, 0, 0, 0, 0)
              + line
              + "\n1 gateway: Inbound(Failed/Total): 0/0,Outbound(Failed/Total):0/0\n",
          summary);
      String detail = fs.api("sofia status gateway room-9");
      assertTrue(
          detail.startsWith(
              line
                  + "\nName    \troom-9\nProfile \texternal\nScheme  \tDigest\nRealm   \t"
                  + registrar.address()
                  + "\nUsername\troom-9\nPassword\tyes\n"),
          detail);
      assertTrue(detail.contains("\nState   \tREGED\nStatus  \tUP\nUptime  \t"), detail);
      assertEquals("Invalid Gateway!\n", fs.api("sofia status gateway nosuch"));

      assertEquals("-ERR Unknown command!\n", fs.api("sofia profile external bogus"));
      assertEquals("Invalid Args!\n", fs.api("sofia profile external"));
      assertEquals("Invalid Profile [nosuch]", fs.api("sofia profile nosuch rescan"));
      assertEquals("Unknown Command [bogus]\n", fs.api("sofia bogus"));
      assertTrue(fs.api("sofia").startsWith("USAGE:\n"));
    }
  }

  /**
   * sofia.c:2997 with mod_sofia.h's GATEWAY_SECONDS: a check a second unless a test asks otherwise.
   */
  @Test
  void theDefaultPaceIsFreeSwitchsOneCheckASecond() {
    assertEquals(Duration.ofSeconds(1), SimulatorOptions.defaults().sofiaTick());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatorOptions.defaults().withSofiaTick(Duration.ZERO));
    assertEquals("sofiaTick must be positive, was PT0S", refused.getMessage());
  }

  /** The demo's simulator main takes the pace as a flag and its --help says so. */
  @Test
  void theStandaloneMainsHelpListsTheSofiaTickFlag() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      FreeSwitchSimulatorMain.main(new String[] {"--help"});
    } finally {
      System.setOut(original);
    }
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("--sofia-tick-ms N") && help.contains("FreeSWITCH's is 1000"), help);
  }

  /**
   * REGISTERs received, each once: T1 shrinks with the tick, so a slow answer meets a
   * retransmission.
   */
  private List<ScriptedRegistrar.Received> requests() {
    return registrar.received().stream().distinct().toList();
  }

  /** The registrar hears an un-REGISTER after the DOWN event that announces it. */
  private static void eventually(BooleanSupplier condition, Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, failure);
      Thread.sleep(20);
    }
  }

  private static long micros(Map<String, String> event) {
    return Long.parseLong(event.get("Event-Date-Timestamp"));
  }
}
