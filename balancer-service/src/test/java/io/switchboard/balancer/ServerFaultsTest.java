package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.state.Server;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbFault;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Servers that hang, answer garbage or go away: clients get BBB answers, meetings move on. */
@ExtendWith(KafkaExtension.class)
class ServerFaultsTest {

  @Test
  void garbageAndTimeoutsBecomeInternalErrors(KafkaBroker broker) throws Exception {
    // A long poll interval: the poller must not take the server offline while the test talks to it.
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(),
            Map.of("BALANCER_POLL_INTERVAL", "1h", "BALANCER_REQUEST_TIMEOUT", "500ms"))) {
      f.startInstance();
      BbbServerSimulator a = serversPolledByHand(f, "a").get(0);
      assertEquals(
          "SUCCESS", xml(f.call("create", "name=Faulty&meetingID=faulty").body(), "returncode"));

      for (BbbFault fault : new BbbFault[] {BbbFault.GARBAGE, BbbFault.HTTP_ERROR, BbbFault.HANG}) {
        BalancerFixture.await(a.setFault(fault));
        HttpResponse<String> info = f.call("getMeetingInfo", "meetingID=faulty");
        assertEquals(200, info.statusCode());
        assertEquals("internalError", xml(info.body(), "messageKey"), fault + ": " + info.body());
        assertTrue(xml(info.body(), "message").contains("server a"), info.body());
        assertFalse(
            info.body().contains("checksum=") || info.body().contains("meetingID="),
            "no request line: " + info.body());
        HttpResponse<String> meetings = f.call("getMeetings", "");
        assertEquals(
            "SUCCESS",
            xml(meetings.body(), "returncode"),
            "a failing server is left out of getMeetings");
      }
      BalancerFixture.await(a.setFault(BbbFault.GARBAGE));
      HttpResponse<String> create = f.call("create", "name=Fresh&meetingID=fresh");
      assertEquals("internalError", xml(create.body(), "messageKey"), create.body());
      assertTrue(
          f.first().balancer().state().meeting("fresh").isEmpty(),
          "a failed create leaves no placement");
      BalancerFixture.await(a.setFault(BbbFault.NONE));
      assertEquals(
          "faulty",
          xml(f.call("getMeetingInfo", "meetingID=faulty").body(), "meetingID"),
          "still serving");
    }
  }

  @Test
  void aMoveTheNewServerRefusesLeavesTheMeetingWhereItRuns(KafkaBroker broker) throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(),
            Map.of("BALANCER_POLL_INTERVAL", "1h", "BALANCER_HONOUR_VOICE_BRIDGE", "true"))) {
      f.startInstance();
      List<BbbServerSimulator> servers = serversPolledByHand(f, "a", "b");
      BbbServerSimulator a = servers.get(0);
      BbbServerSimulator b = servers.get(1);
      f.call("create", "name=Stays&meetingID=stays&voiceBridge=71234");
      BbbServerSimulator from = a.meeting("stays").isPresent() ? a : b;
      BbbServerSimulator to = from == a ? b : a;
      String bridge =
          f.first().balancer().state().meeting("stays").orElseThrow().record().voiceBridge();
      assertEquals("71234", bridge, "the client's own number");

      BalancerFixture.await(to.setFault(BbbFault.HTTP_ERROR));
      HttpResponse<String> moved = f.call("move", "meetingID=stays&serverID=" + to.serverId());
      assertEquals("internalError", xml(moved.body(), "messageKey"), moved.body());
      assertEquals(1, to.calls("create").size(), "the new server was asked");
      assertTrue(
          from.meeting("stays").isPresent() && from.calls("end").isEmpty(),
          "and the old one kept the meeting");
      Await.until(
          () ->
              f.first()
                  .balancer()
                  .state()
                  .meeting("stays")
                  .orElseThrow()
                  .serverId()
                  .equals(from.serverId()),
          "the placement back on " + from.serverId());
      assertEquals(
          bridge,
          f.first().balancer().state().meeting("stays").orElseThrow().record().voiceBridge());

      BalancerFixture.await(to.setFault(BbbFault.NONE));
      HttpResponse<String> again = f.call("move", "meetingID=stays&serverID=" + to.serverId());
      assertEquals("SUCCESS", xml(again.body(), "returncode"), again.body());
      assertEquals(
          bridge, xml(again.body(), "voiceBridge"), "a moved meeting keeps its dial-in number");
      assertTrue(to.meeting("stays").isPresent() && from.meeting("stays").isEmpty());
    }
  }

  @Test
  void aMeetingWhoseServerWentOfflineIsCreatedElsewhere(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      HttpResponse<String> created = f.call("create", "name=Moving&meetingID=moving");
      String bridge = xml(created.body(), "voiceBridge");
      assertTrue(a.meeting("moving").isPresent());
      BbbServerSimulator b = f.addServer("b");

      BalancerFixture.await(a.setFault(BbbFault.OFFLINE));
      Await.until(
          () -> !f.first().balancer().state().server("a").orElseThrow().isOnline(), "a offline");
      assertEquals(
          "serverUnavailable",
          xml(f.call("join", "meetingID=moving&fullName=Dan&role=VIEWER").body(), "messageKey"));
      assertEquals(
          "serverUnavailable",
          xml(f.call("getMeetingInfo", "meetingID=moving").body(), "messageKey"));
      assertEquals("false", xml(f.call("isMeetingRunning", "meetingID=moving").body(), "running"));

      HttpResponse<String> again = f.call("create", "name=Moving&meetingID=moving");
      assertEquals("SUCCESS", xml(again.body(), "returncode"), again.body());
      assertEquals("", xml(again.body(), "messageKey"), "a fresh meeting on the new server");
      assertTrue(b.meeting("moving").isPresent());
      assertEquals(bridge, xml(again.body(), "voiceBridge"), "the room keeps its number");
      assertEquals("b", f.first().balancer().state().meeting("moving").orElseThrow().serverId());
      HttpResponse<String> join = f.call("join", "meetingID=moving&fullName=Dan&role=VIEWER");
      assertTrue(join.headers().firstValue("Location").orElseThrow().startsWith(b.apiUrl()));

      BalancerFixture.await(a.setFault(BbbFault.NONE));
      Await.until(
          () -> f.first().balancer().state().server("a").orElseThrow().isOnline(), "a back");
      assertEquals(
          "b",
          f.first().balancer().state().meeting("moving").orElseThrow().serverId(),
          "the old server's copy does not take the meeting back");
    }
  }

  @Test
  void vanishedMeetingsAreForgotten(KafkaBroker broker) throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(), Map.of("BALANCER_REQUEST_TIMEOUT", "100ms"))) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      f.call("create", "name=Short&meetingID=short");
      a.endMeeting("short");
      Await.until(() -> f.first().balancer().state().meeting("short").isEmpty(), "forgotten");
      assertFalse(f.call("getMeetings", "").body().contains("short"));

      f.call("create", "name=Down&meetingID=server-down");
      BalancerFixture.await(a.setFault(BbbFault.OFFLINE));
      Await.until(
          () -> !f.first().balancer().state().server("a").orElseThrow().isOnline(), "offline");
      assertEquals(
          "serverUnavailable", xml(f.call("end", "meetingID=server-down").body(), "messageKey"));
      assertTrue(
          f.first().balancer().state().meeting("server-down").isEmpty(),
          "an end forgets a meeting of a dead server");
    }
  }

  @Test
  void anEndTheServerAnswersNotFoundForgetsTheMeeting(KafkaBroker broker) throws Exception {
    // No polls between the server losing the meeting and the end call: the server answers it.
    try (BalancerFixture f =
        new BalancerFixture(broker.bootstrapServers(), Map.of("BALANCER_POLL_INTERVAL", "1h"))) {
      f.startInstance();
      BbbServerSimulator a = serversPolledByHand(f, "a").get(0);
      f.call("create", "name=Gone&meetingID=gone-on-server");
      a.endMeeting("gone-on-server");
      HttpResponse<String> end = f.call("end", "meetingID=gone-on-server");
      assertEquals(1, a.calls("end").size(), "the end reached the server");
      assertEquals("notFound", xml(end.body(), "messageKey"), "the server's own answer");
      assertTrue(
          f.first().balancer().state().meeting("gone-on-server").isEmpty(),
          "and the balancer forgets it");
    }
  }

  /**
   * Servers started, added and enabled, then polled once by hand (these tests' poller waits an
   * hour).
   */
  private static List<BbbServerSimulator> serversPolledByHand(BalancerFixture f, String... ids)
      throws Exception {
    List<BbbServerSimulator> servers = new ArrayList<>();
    for (String id : ids) {
      BbbServerSimulator sim = f.startSimulator(id);
      addAndEnable(f, sim);
      servers.add(sim);
    }
    BalancerFixture.await(f.first().balancer().pollNow());
    Await.until(
        () ->
            Stream.of(ids)
                .allMatch(
                    id ->
                        f.first()
                            .balancer()
                            .state()
                            .server(id)
                            .map(Server::placeable)
                            .orElse(false)),
        String.join(", ", ids) + " placeable");
    return servers;
  }

  private static void addAndEnable(BalancerFixture f, BbbServerSimulator sim) throws Exception {
    f.admin(
        "POST",
        "/admin/servers",
        new io.vertx.core.json.JsonObject()
            .put("id", sim.serverId())
            .put("url", sim.apiUrl())
            .put("secret", sim.config().secret())
            .encode(),
        BalancerFixture.TOKEN);
    f.admin("POST", "/admin/servers/" + sim.serverId() + "/enable", null, BalancerFixture.TOKEN);
  }
}
