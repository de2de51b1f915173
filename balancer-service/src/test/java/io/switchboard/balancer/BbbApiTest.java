package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The BBB API in front of simulated servers: create, join, the meeting queries and end. */
@ExtendWith(KafkaExtension.class)
class BbbApiTest {

  @Test
  void createJoinQueryAndEnd(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");

      HttpResponse<String> created =
          f.call("create", "name=Demo+Meeting&meetingID=demo-1&moderatorPW=mp&attendeePW=ap");
      assertEquals("SUCCESS", xml(created.body(), "returncode"), created.body());
      String bridge = xml(created.body(), "voiceBridge");
      assertEquals(5, bridge.length());
      BbbServerSimulator home = a.meeting("demo-1").isPresent() ? a : b;
      assertEquals(
          bridge,
          home.meeting("demo-1").orElseThrow().voiceBridge(),
          "the balancer's voice bridge is used");

      HttpResponse<String> again =
          f.call("create", "name=Demo+Meeting&meetingID=demo-1&moderatorPW=mp&attendeePW=ap");
      assertEquals(
          "duplicateWarning",
          xml(again.body(), "messageKey"),
          "a repeated create answers as BBB does");
      assertEquals(1, a.meetings().size() + b.meetings().size());

      f.call("create", "name=Second&meetingID=demo-2");
      assertEquals(1, a.meetings().size(), "the second meeting goes to the emptier server");
      assertEquals(1, b.meetings().size());

      HttpResponse<String> join = f.call("join", "meetingID=demo-1&fullName=Alice&password=mp");
      assertEquals(302, join.statusCode());
      String location = join.headers().firstValue("Location").orElseThrow();
      assertTrue(location.startsWith(home.apiUrl() + "/join?"), location);
      assertTrue(
          join.headers().firstValue("Set-Cookie").orElseThrow().startsWith("switchboard_join="));

      HttpResponse<String> xmlJoin =
          f.call("join", "meetingID=demo-1&fullName=Bob&password=ap&redirect=false");
      assertEquals("SUCCESS", xml(xmlJoin.body(), "returncode"), xmlJoin.body());

      assertEquals("true", xml(f.call("isMeetingRunning", "meetingID=demo-1").body(), "running"));
      HttpResponse<String> info = f.call("getMeetingInfo", "meetingID=demo-1");
      assertEquals("demo-1", xml(info.body(), "meetingID"));
      String meetings = f.call("getMeetings", "").body();
      assertTrue(
          meetings.contains("<meetingID>demo-1</meetingID>")
              && meetings.contains("<meetingID>demo-2</meetingID>"),
          meetings);

      HttpResponse<String> end = f.call("end", "meetingID=demo-1&password=mp");
      assertEquals("SUCCESS", xml(end.body(), "returncode"), end.body());
      Await.until(
          () -> f.first().balancer().state().meeting("demo-1").isEmpty(), "meeting forgotten");
      assertEquals(
          "notFound", xml(f.call("getMeetingInfo", "meetingID=demo-1").body(), "messageKey"));
      assertEquals("false", xml(f.call("isMeetingRunning", "meetingID=demo-1").body(), "running"));

      HttpResponse<String> recreated = f.call("create", "name=Demo+Meeting&meetingID=demo-1");
      assertEquals(
          bridge,
          xml(recreated.body(), "voiceBridge"),
          "the same room keeps its number after end + create");

      assertRequestsAndPlacementsCounted(f);
    }
  }

  private static void assertRequestsAndPlacementsCounted(BalancerFixture f) throws Exception {
    String metrics = f.management("/metrics").body();
    for (String line :
        new String[] {
          "switchboard_balancer_requests_total{call=\"create\",result=\"success\"",
          "switchboard_balancer_requests_total{call=\"join\",result=\"redirect\"",
          "switchboard_balancer_placements_total{kind=\"new\"",
          "switchboard_balancer_placements_total{kind=\"existing\"",
          "switchboard_balancer_servers_online",
          "switchboard_balancer_meetings{server=\"a\"",
          "switchboard_balancer_participants{server=\"a\"",
          "switchboard_balancer_server_online{server=\"a\",service=\"balancer-service\"} 1.0",
          "switchboard_balancer_poll_seconds_count"
        }) {
      assertTrue(metrics.contains(line), line + " in\n" + metrics);
    }
  }

  /**
   * The answers are large enough for BbbClient's worker path: what this checks is that its result
   * merges right.
   */
  @Test
  void getMeetingsMergesAnswersLargeEnoughToBeParsedOnAWorker(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      int rooms = 40;
      for (int n = 0; n < rooms; n++) {
        assertEquals(
            "SUCCESS", xml(f.call("create", "name=Room&meetingID=big-" + n).body(), "returncode"));
      }
      String direct =
          BalancerFixture.send(
                  HttpRequest.newBuilder(
                      URI.create(
                          a.apiUrl()
                              + "/getMeetings?"
                              + BalancerFixture.signed(
                                  ChecksumAlgorithm.SHA256,
                                  "getMeetings",
                                  "",
                                  a.config().secret()))))
              .body();
      assertTrue(
          direct.length() > 16 * 1024,
          "an answer over BbbClient's 16 KiB inline limit: " + direct.length() + " bytes");

      String merged = f.call("getMeetings", "").body();
      assertEquals(rooms, merged.split("<meetingID>big-", -1).length - 1, merged);
    }
  }

  @Test
  void postedFormsAndAClientsVoiceBridge(KafkaBroker broker) throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(), Map.of("BALANCER_HONOUR_VOICE_BRIDGE", "true"))) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      // BBB signs a POST's URL query only: here it is empty, the parameters travel in the body.
      String checksum =
          BalancerFixture.signed(ChecksumAlgorithm.SHA1, "create", "", BalancerFixture.SECRET);
      HttpResponse<String> posted =
          BalancerFixture.send(
              HttpRequest.newBuilder(URI.create(i.base() + "/bigbluebutton/api/create?" + checksum))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "name=Posted+Form&meetingID=posted&voiceBridge=71234")));
      assertEquals("SUCCESS", xml(posted.body(), "returncode"), posted.body());
      assertEquals(
          "71234", xml(posted.body(), "voiceBridge"), "the client's voice bridge, as configured");
      assertEquals("Posted Form", a.meeting("posted").orElseThrow().name());

      // A create with a pre-upload document: parameters in the query, the document in the body.
      String query = "name=Slides&meetingID=slides";
      HttpResponse<String> withSlides =
          BalancerFixture.send(
              HttpRequest.newBuilder(
                      URI.create(
                          i.base()
                              + "/bigbluebutton/api/create?"
                              + BalancerFixture.signed(
                                  ChecksumAlgorithm.SHA256,
                                  "create",
                                  query,
                                  BalancerFixture.SECRET)))
                  .header("Content-Type", "application/xml")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "<modules><module name=\"presentation\"></module></modules>")));
      assertEquals("SUCCESS", xml(withSlides.body(), "returncode"), withSlides.body());
      assertEquals(
          "POST",
          a.calls("create").stream()
              .filter(c -> "slides".equals(c.param("meetingID")))
              .findFirst()
              .orElseThrow()
              .method(),
          "the document is forwarded with the create");

      HttpResponse<String> clash = f.call("create", "name=Clash&meetingID=clash&voiceBridge=71234");
      assertEquals("SUCCESS", xml(clash.body(), "returncode"), clash.body());
      String other = xml(clash.body(), "voiceBridge");
      assertTrue(
          !other.equals("71234") && other.length() == 5,
          "a held number is not given twice: " + other);
    }
  }

  @Test
  void checksumsAndMissingParameters(KafkaBroker broker) throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(),
            Map.of(
                "BALANCER_SECRET_1",
                "rotated-secret",
                "BALANCER_CHECKSUM_ALGORITHMS",
                "sha1,sha256,sha512"))) {
      BalancerFixture.Instance i = f.startInstance();
      for (ChecksumAlgorithm a :
          new ChecksumAlgorithm[] {
            ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA512
          }) {
        HttpResponse<String> ok =
            f.raw(
                i,
                "getMeetings",
                BalancerFixture.signed(a, "getMeetings", "", BalancerFixture.SECRET));
        assertEquals("SUCCESS", xml(ok.body(), "returncode"), a + ": " + ok.body());
      }
      String sha384 =
          BalancerFixture.signed(
              ChecksumAlgorithm.SHA384, "getMeetings", "", BalancerFixture.SECRET);
      assertEquals(
          "checksumError",
          xml(f.raw(i, "getMeetings", sha384).body(), "messageKey"),
          "sha384 is switched off");
      String rotated =
          BalancerFixture.signed(ChecksumAlgorithm.SHA1, "getMeetings", "", "rotated-secret");
      assertEquals(
          "SUCCESS",
          xml(f.raw(i, "getMeetings", rotated).body(), "returncode"),
          "rotated secret valid too");
      String wrong = BalancerFixture.signed(ChecksumAlgorithm.SHA1, "getMeetings", "", "wrong");
      HttpResponse<String> refused = f.raw(i, "getMeetings", wrong);
      assertEquals(200, refused.statusCode());
      assertEquals("FAILED", xml(refused.body(), "returncode"));
      assertEquals("checksumError", xml(refused.body(), "messageKey"));
      assertEquals(
          "checksumError", xml(f.raw(i, "getMeetings", "").body(), "messageKey"), "no checksum");

      assertEquals("missingParamMeetingID", xml(f.call("create", "name=x").body(), "messageKey"));
      assertEquals("missingParamMeetingID", xml(f.call("join", "fullName=x").body(), "messageKey"));
      assertEquals(
          "invalidMeetingIdentifier",
          xml(f.call("join", "meetingID=nope&fullName=x").body(), "messageKey"));
      assertEquals(
          "notFound", xml(f.call("getMeetingInfo", "meetingID=nope").body(), "messageKey"));
      assertEquals("notFound", xml(f.call("end", "meetingID=nope").body(), "messageKey"));
      assertEquals(
          "unsupportedRequest", xml(f.call("getDefaultConfigXML", "").body(), "messageKey"));
      assertEquals(
          "internalError",
          xml(f.call("create", "name=x&meetingID=nobody-home").body(), "messageKey"),
          "no server in the pool");
      HttpResponse<String> version = f.raw(i, "", "");
      assertNotNull(xml(version.body(), "version"), version.body());
    }
  }
}
