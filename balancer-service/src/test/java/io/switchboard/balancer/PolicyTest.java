package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbReceivedCall;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter policies (Scalelite's), the longest meeting and B3LB's limits, each seen in the request
 * the BBB server receives or in the refusal the client gets.
 */
@ExtendWith(KafkaExtension.class)
class PolicyTest {
  private static final String HOST = "acme.bbb.example.test";
  private static final String SECRET = "acme-secret-new-1";

  @TempDir Path dir;

  private BalancerFixture fixture(KafkaBroker broker) throws IOException {
    Path file = dir.resolve("tenants.json");
    Files.writeString(
        file,
        """
        {"tenants": [{"id": "acme", "secrets": [{"secret": "%s"}],
          "defaultCreateParams": {"welcome": "Hello acme"},
          "createExcludeParams": ["logoutURL"],
          "overrideJoinParams": {"userdata-bbb_auto_join_audio": "true"},
          "maxDuration": 30, "meetingLimit": 2, "attendeeLimit": 1}]}
        """
            .formatted(SECRET));
    return new BalancerFixture(
        broker.bootstrapServers(),
        Map.of(
            "BALANCER_TENANTS_FILE", file.toString(),
            "BALANCER_DEFAULT_CREATE_PARAMS", "welcome=Hello%2C+all,allowStartStopRecording=false",
            "BALANCER_OVERRIDE_CREATE_PARAMS", "record=false",
            "BALANCER_JOIN_EXCLUDE_PARAMS", "avatarURL",
            "BALANCER_MAX_DURATION", "60"));
  }

  @Test
  void createAndJoinParametersAreSetDefaultedAndDroppedBeforeTheServerSeesThem(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      f.call("create", "name=Own&meetingID=own&record=true&duration=90");
      BbbReceivedCall own = created(a, "own");
      assertEquals("false", own.param("record"), "global override");
      assertEquals("Hello, all", own.param("welcome"), "global default, percent-decoded");
      assertEquals("60", own.param("duration"), "cut to BALANCER_MAX_DURATION");

      acme(i, "create", "name=Acme&meetingID=room&logoutURL=https://x.test&duration=10");
      BbbReceivedCall room = created(a, "acme~room");
      assertEquals("Hello acme", room.param("welcome"), "the tenant's default over the global one");
      assertEquals("false", room.param("allowStartStopRecording"), "the global default still");
      assertNull(room.param("logoutURL"), "excluded by the tenant");
      assertEquals("10", room.param("duration"), "a shorter duration stays");
      acme(i, "create", "name=Acme&meetingID=room2&duration=0");
      assertEquals(
          "30", created(a, "acme~room2").param("duration"), "0 (no end) is the tenant's 30");

      HostRequests.Raw join =
          acme(
              i,
              "join",
              "meetingID=room&fullName=Ann&role=VIEWER&avatarURL=https://a.test&redirect=false");
      assertEquals("SUCCESS", xml(join.body(), "returncode"), join.body());
      BbbReceivedCall joined = a.calls("join").get(0);
      assertEquals("true", joined.param("userdata-bbb_auto_join_audio"), "the tenant's override");
      assertNull(joined.param("avatarURL"), "excluded globally");
    }
  }

  @Test
  void aTenantsMeetingAndAttendeeLimitsAreRefusedByName(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      acme(i, "create", "name=One&meetingID=one");
      acme(i, "create", "name=Two&meetingID=two");
      HostRequests.Raw third = acme(i, "create", "name=Three&meetingID=three");
      assertEquals("meetingLimitReached", xml(third.body(), "messageKey"), third.body());
      assertEquals(
          "The limit of 2 meetings at once (meetingLimit) is reached",
          xml(third.body(), "message"));
      assertEquals(
          "duplicateWarning",
          xml(acme(i, "create", "name=One&meetingID=one").body(), "messageKey"),
          "a running meeting's repeated create is not a new meeting");
      assertEquals(
          "SUCCESS",
          xml(f.call("create", "name=Other&meetingID=three").body(), "returncode"),
          "the limit is the tenant's, not the pool's");

      a.addAttendee("acme~one", "Bob", false);
      Await.until(
          () ->
              f.first().balancer().state().meeting("acme~one").orElseThrow().counts().participants()
                  == 1,
          "polled attendee");
      HostRequests.Raw join = acme(i, "join", "meetingID=two&fullName=Eve&role=VIEWER");
      assertEquals("attendeeLimitReached", xml(join.body(), "messageKey"), join.body());
      assertEquals(List.of(), a.calls("join"), "a refused join never reaches the server");
    }
  }

  /**
   * The limit is held against counts kept per tenant: creates arriving together cannot all slip
   * under it, and an instance that replays bbb.meetings counts the same.
   */
  @Test
  void aMeetingLimitHoldsForCreatesArrivingTogetherAndAfterAReplay(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      int creates = 8;
      ExecutorService pool = Executors.newFixedThreadPool(creates);
      List<Future<String>> answers = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int n = 0; n < creates; n++) {
        String query = "name=Rush&meetingID=rush-" + n;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return xml(acme(i, "create", query).body(), "messageKey");
                }));
      }
      start.countDown();
      List<String> keys = new ArrayList<>();
      for (Future<String> answer : answers) {
        keys.add(String.valueOf(answer.get(60, TimeUnit.SECONDS)));
      }
      pool.shutdown();
      assertEquals(2, keys.stream().filter(String::isEmpty).count(), "created: " + keys);
      assertEquals(6, keys.stream().filter("meetingLimitReached"::equals).count(), "" + keys);
      assertEquals(2, a.calls("create").size(), "the refused creates never reached the server");

      BalancerFixture.Instance replayed = f.startInstance();
      assertEquals(2, replayed.balancer().state().tally().of("acme").meetings());
      assertEquals(
          "meetingLimitReached",
          xml(acme(replayed, "create", "name=Late&meetingID=late").body(), "messageKey"));
      String running = a.meetings().get(0).meetingId().substring("acme~".length());
      acme(i, "end", "meetingID=" + running);
      Await.until(
          () -> replayed.balancer().state().tally().of("acme").meetings() == 1,
          "the end reached the other instance");
      assertEquals(
          "SUCCESS",
          xml(acme(replayed, "create", "name=Late&meetingID=late").body(), "returncode"),
          "a meeting ended frees its place");
    }
  }

  private static BbbReceivedCall created(BbbServerSimulator server, String meetingId) {
    return server.calls("create").stream()
        .filter(c -> meetingId.equals(c.param("meetingID")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no create of " + meetingId));
  }

  private static HostRequests.Raw acme(BalancerFixture.Instance i, String call, String query)
      throws IOException {
    String signed = BalancerFixture.signed(ChecksumAlgorithm.SHA256, call, query, SECRET);
    return HostRequests.viaHost(i, HOST, "/bigbluebutton/api/" + call + "?" + signed);
  }
}
