package io.switchboard.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Config;
import io.switchboard.launcher.Demo;
import io.switchboard.launcher.DemoSettings;
import io.switchboard.launcher.KamailioRegistrar;
import io.switchboard.launcher.SimulatedNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kamailio.Kamailio;
import io.switchboard.testkit.kamailio.Sipp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dial-in path on the demo stack with real peers: Kamailio running deploy/'s registrar,
 * sipp calling, Prometheus scraping every management port, and the BBB front end played by
 * bigbluebutton-js against the balancer's tenant. Where CI=true a missing kamailio, sipp,
 * prometheus, node or npm fails the test; elsewhere it is skipped.
 *
 * <p>The dashboards and alerts checked are {@code -De2e.dashboards=FOLDER} and {@code
 * -De2e.alerts=FILE}, by default deploy/grafana/dashboards and deploy/prometheus/alerts.yml, or
 * this test's samples (src/test/resources/e2e) where deploy/ has none. How each expression is made
 * a query is {@link PanelExpressions}'.
 */
class EndToEndTest {
  private static final Duration SLOW = Duration.ofSeconds(60);
  private static final String TENANT = "demo";

  @TempDir Path dir;

  @Test
  void aRoomFollowsItsMeetingFromPlacementThroughMoveToEndAndEveryPanelHasData() throws Exception {
    for (String binary : List.of("kamailio", "sipp", "prometheus", "node", "npm")) {
      Kamailio.installed(binary);
    }
    Map<String, String> settings = DemoSettings.onFreePorts(dir.resolve("demo"));
    settings.put("DEMO_REGISTRAR", "kamailio");
    List<ProcessHandle> kamailioProcesses;
    try (Demo demo = Demo.start(Config.of(settings));
        PrometheusProcess prometheus =
            PrometheusProcess.start(demo.managementPorts(), dir.resolve("prometheus"))) {
      Kamailio kamailio = assertInstanceOf(KamailioRegistrar.class, demo.registrar()).kamailio();
      kamailioProcesses = kamailio.processes();
      BbbJsClient bbb =
          BbbJsClient.install(
              Path.of("target", "e2e-js"),
              demo.service("balancer-service").httpUrl() + "/" + TENANT + "/bigbluebutton",
              demo.tenantSecret());
      String meeting = "e2e-" + System.currentTimeMillis();
      JsonObject created = bbb.call("create", meeting);
      assertEquals("SUCCESS", created.getString("returncode"), created.encode());
      String room = String.valueOf(created.getValue("voiceBridge"));

      SimulatedNode first = awaitHost(demo, meeting, room, null);
      awaitBinding(kamailio, room, first, null);
      assertCallReaches(kamailio, room, first);

      participantsJoin(bbb, prometheus, meeting);

      JsonObject moved = bbb.call("move", meeting);
      assertEquals("SUCCESS", moved.getString("returncode"), moved.encode());
      SimulatedNode second = awaitHost(demo, meeting, room, first);
      awaitBinding(kamailio, room, second, first);
      assertCallReaches(kamailio, room, second);

      JsonObject ended = bbb.call("end", meeting);
      assertEquals("SUCCESS", ended.getString("returncode"), ended.encode());
      Await.until(
          () -> binding(kamailio, room) == null, "room " + room + "'s registration removed", SLOW);

      demo.startTraffic();
      MonitoringCheck.assertEveryTargetUp(prometheus, demo.managementPorts().size());
      MonitoringCheck.assertEveryExpressionHasData(prometheus, dashboards(), alerts());
    }
    // The demo stopped leaves no registrar behind.
    assertEquals(List.of(), kamailioProcesses.stream().filter(ProcessHandle::isAlive).toList());
  }

  /**
   * Two users join through the balancer: getMeetingInfo counts them, and so does the tenant's
   * participants gauge as Prometheus scraped it (nothing else of the tenant runs yet).
   */
  private static void participantsJoin(BbbJsClient bbb, PrometheusProcess prometheus, String id)
      throws Exception {
    for (String user : List.of("Alice", "Bob")) {
      JsonObject joined = bbb.call("join", id, user);
      assertEquals("SUCCESS", joined.getString("returncode"), joined.encode());
    }
    JsonObject info = bbb.call("info", id);
    assertEquals("2", String.valueOf(info.getValue("participantCount")), info.encode());
    String query = "sum(switchboard_balancer_tenant_participants{tenant=\"" + TENANT + "\"})";
    Await.until(
        () -> {
          try {
            var result = prometheus.query(query);
            return !result.isEmpty()
                && "2".equals(result.getJsonObject(0).getJsonArray("value").getString(1));
          } catch (Exception e) {
            return false;
          }
        },
        query + " = 2 in Prometheus",
        SLOW);
  }

  /**
   * The node whose BBB server holds the meeting (the tenant's ID on the servers is
   * tenant~meetingID) and whose FreeSWITCH holds its voice conference; another than {@code not}.
   */
  private static SimulatedNode awaitHost(
      Demo demo, String meeting, String room, SimulatedNode not) {
    AtomicReference<SimulatedNode> host = new AtomicReference<>();
    Await.until(
        () -> {
          for (SimulatedNode node : demo.nodes().values()) {
            if (node != not
                && node.bbb().meeting(TENANT + "~" + meeting).isPresent()
                && node.freeswitch().conferences().containsKey(room)) {
              host.set(node);
              return true;
            }
          }
          return false;
        },
        "meeting " + meeting + " and its conference " + room + " on one node",
        SLOW);
    return host.get();
  }

  /** Waits until Kamailio's binding of the room names {@code node}'s contact only. */
  private static void awaitBinding(
      Kamailio kamailio, String room, SimulatedNode node, SimulatedNode former) {
    String contact = "@" + node.freeswitch().sipAddress() + ";transport=udp;gw=conf_" + room;
    String old =
        former == null
            ? null
            : "@" + former.freeswitch().sipAddress() + ";transport=udp;gw=conf_" + room;
    Await.until(
        () -> {
          String binding = binding(kamailio, room);
          return binding != null
              && binding.contains(contact)
              && (old == null || !binding.contains(old));
        },
        "room " + room + " registered at Kamailio from " + node.id() + " only",
        SLOW);
  }

  /** The room's part of Kamailio's location table, or null when it has none. */
  static String binding(Kamailio kamailio, String room) {
    String table = kamailio.locationTable();
    int start = table.indexOf("AoR: " + room + "\n");
    if (start < 0) {
      return null;
    }
    int next = table.indexOf("AoR: ", start + 5);
    return table.substring(start, next < 0 ? table.length() : next);
  }

  /** A sipp call to the room: Kamailio sends its INVITE to {@code node}'s gateway contact. */
  private void assertCallReaches(Kamailio kamailio, String room, SimulatedNode node)
      throws Exception {
    String line =
        "ROOM "
            + room
            + ": INVITE to sip:gw+conf_"
            + room
            + "@"
            + node.freeswitch().sipAddress()
            + ";";
    long before = count(kamailio.log(), line);
    Process sipp = Sipp.start(kamailio.address(), room, dir.resolve("sipp"));
    try {
      Await.until(
          () -> count(kamailio.log(), line) > before,
          "INVITE for " + room + " to " + node.id(),
          SLOW);
    } finally {
      // Where the INVITE went is all that counts: the call need not run out its timeout.
      sipp.destroy();
      Sipp.await(sipp);
    }
    assertNotEquals(-1, kamailio.log().indexOf(line));
  }

  private static long count(String text, String line) {
    return text.lines().filter(l -> l.contains(line)).count();
  }

  private static List<PanelExpressions.Expression> dashboards() throws Exception {
    return PanelExpressions.dashboards(
        located("e2e.dashboards", "deploy/grafana/dashboards", "dashboards"));
  }

  private static List<PanelExpressions.Expression> alerts() throws Exception {
    return PanelExpressions.alerts(
        located("e2e.alerts", "deploy/prometheus/alerts.yml", "alerts.yml"));
  }

  /** The property's path, else deploy/'s from the repository root, else this test's sample. */
  private static Path located(String property, String deployed, String sample) {
    String given = System.getProperty(property);
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path inRepository = Path.of("..").resolve(deployed);
    if (java.nio.file.Files.exists(inRepository)) {
      return inRepository;
    }
    System.out.println(
        "EndToEndTest: no " + deployed + " in this tree; checking the test's own sample");
    Path fallback = Path.of("src", "test", "resources", "e2e", sample);
    assertTrue(java.nio.file.Files.exists(fallback), fallback.toString());
    return fallback;
  }
}
