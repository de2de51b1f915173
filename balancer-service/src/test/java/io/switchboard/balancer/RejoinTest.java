package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a move, rejoin sends a tenant's user, whose join a policy rewrote, to the meeting's new
 * server with that same rewritten join, signed for the new server.
 */
@ExtendWith(KafkaExtension.class)
class RejoinTest {
  private static final String SECRET = "gamma-secret-one";

  @Test
  void aTenantsRewrittenJoinRejoinsOnTheServerTheMeetingMovedTo(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(),
            Map.of("BALANCER_OVERRIDE_JOIN_PARAMS", "userdata-bbb_auto_join_audio=false"))) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      HttpResponse<String> put =
          f.admin(
              "PUT",
              "/admin/tenants/gamma",
              "{\"pathPrefix\":\"/gamma\",\"secrets\":[{\"secret\":\""
                  + SECRET
                  + "\"}],\"overrideJoinParams\":{\"userdata-bbb_skip_check_audio\":\"true\"}}",
              BalancerFixture.TOKEN);
      assertEquals(200, put.statusCode(), put.body());
      gamma(i, "create", "name=Room&meetingID=room&moderatorPW=mp&attendeePW=ap");
      HttpResponse<String> join = gamma(i, "join", "meetingID=room&fullName=Fay&password=ap");
      assertEquals(302, join.statusCode(), join.body());
      String cookie = join.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      BbbServerSimulator from = a.meeting("gamma~room").isPresent() ? a : b;
      BbbServerSimulator to = from == a ? b : a;
      HttpResponse<String> moved = gamma(i, "move", "meetingID=room&serverID=" + to.serverId());
      assertEquals("SUCCESS", xml(moved.body(), "returncode"), moved.body());
      String internalId =
          i.balancer().state().meeting("gamma~room").orElseThrow().record().internalId();

      HttpResponse<String> rejoin =
          BalancerFixture.send(
              HttpRequest.newBuilder(
                      URI.create(i.base() + "/bigbluebutton/api/rejoin?id=" + internalId))
                  .header("Cookie", cookie));
      assertEquals(302, rejoin.statusCode(), rejoin.body());
      String back = rejoin.headers().firstValue("Location").orElseThrow();
      assertTrue(back.startsWith(to.apiUrl() + "/join?"), back);
      assertTrue(
          back.contains("userdata-bbb_skip_check_audio=true")
              && back.contains("userdata-bbb_auto_join_audio=false"),
          "the join as the policies rewrote it: " + back);
      assertTrue(
          MoveStatisticsAndEventsTest.joinedAt(back).contains("sessionToken="),
          "the new server takes it: " + back);
      assertTrue(!back.contains("gamma-secret"), "the tenant's secret stays with the balancer");
    }
  }

  private static HttpResponse<String> gamma(BalancerFixture.Instance i, String call, String query)
      throws Exception {
    String signed = BalancerFixture.signed(ChecksumAlgorithm.SHA256, call, query, SECRET);
    return BalancerFixture.send(
        HttpRequest.newBuilder(
                URI.create(i.base() + "/gamma/bigbluebutton/api/" + call + "?" + signed))
            .GET());
  }
}
