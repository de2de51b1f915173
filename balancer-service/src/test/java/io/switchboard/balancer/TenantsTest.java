package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.bbb.BbbRecording;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one pool: acme chosen by its host name, beta by its path prefix. Each signs with
 * its own secrets, uses the same meetingID as the other, and never reaches the other's meetings or
 * recordings.
 */
@ExtendWith(KafkaExtension.class)
class TenantsTest {
  private static final String ACME_HOST = "acme.bbb.example.test";
  private static final String ACME = "acme-secret-new-1";
  private static final String ACME_OLD = "acme-secret-old-1";
  private static final String BETA = "beta-secret-new-1";
  private static final String BETA_EXPIRED = "beta-secret-old-1";

  @TempDir Path dir;

  private BalancerFixture fixture(KafkaBroker broker) throws IOException {
    Instant overlapEnds = Instant.now().plus(1, ChronoUnit.HOURS);
    Path file = dir.resolve("tenants.json");
    Files.writeString(
        file,
        """
        {"tenants": [
          {"id": "acme", "checksumAlgorithms": ["sha256"],
           "secrets": [{"secret": "%s"}, {"secret": "%s", "validUntil": "%s"}]},
          {"id": "beta", "pathPrefix": "/beta",
           "secrets": [{"secret": "%s"}, {"secret": "%s", "validUntil": "2020-01-01T00:00:00Z"}]}
        ]}
        """
            .formatted(ACME, ACME_OLD, overlapEnds, BETA, BETA_EXPIRED));
    return new BalancerFixture(
        broker.bootstrapServers(), Map.of("BALANCER_TENANTS_FILE", file.toString()));
  }

  @Test
  void twoTenantsWithTheSameMeetingIdRunApartAndSeeOnlyTheirOwn(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      String create = "name=Room&meetingID=room&moderatorPW=mp&attendeePW=ap";
      HostRequests.Raw acmeRoom = acme(i, "create", create, ACME);
      HostRequests.Raw betaRoom = beta(i, "create", create, BETA);
      assertEquals("SUCCESS", xml(acmeRoom.body(), "returncode"), acmeRoom.body());
      assertEquals("SUCCESS", xml(betaRoom.body(), "returncode"), betaRoom.body());
      assertEquals("room", xml(acmeRoom.body(), "meetingID"), "each sees its own ID");
      assertEquals("room", xml(betaRoom.body(), "meetingID"));
      assertNotEquals(
          xml(acmeRoom.body(), "voiceBridge"),
          xml(betaRoom.body(), "voiceBridge"),
          "voice bridges are unique across the pool");
      assertTrue(
          (a.meeting("acme~room").isPresent() || b.meeting("acme~room").isPresent())
              && (a.meeting("beta~room").isPresent() || b.meeting("beta~room").isPresent()),
          "the servers run both, under namespaced IDs");

      String acmeList = acme(i, "getMeetings", "", ACME).body();
      assertEquals(1, acmeList.split("<meeting>", -1).length - 1, acmeList);
      assertTrue(acmeList.contains("<meetingID>room</meetingID>"), acmeList);
      assertFalse(acmeList.contains("beta"), acmeList);

      HostRequests.Raw join = acme(i, "join", "meetingID=room&fullName=Ann&password=ap", ACME);
      assertEquals(302, join.status(), join.head());
      assertTrue(join.head().contains("meetingID=acme%7Eroom"), join.head());
      assertEquals(
          "notFound",
          xml(acme(i, "getMeetingInfo", "meetingID=beta~room", ACME).body(), "messageKey"),
          "guessing another tenant's namespaced ID reaches nothing");
      assertEquals(
          "notFound",
          xml(acme(i, "end", "meetingID=beta~room&password=mp", ACME).body(), "messageKey"));
      assertEquals(
          "invalidMeetingIdentifier",
          xml(
              acme(i, "join", "meetingID=beta~room&fullName=Eve&password=mp&redirect=false", ACME)
                  .body(),
              "messageKey"));

      assertEquals(
          "SUCCESS", xml(acme(i, "end", "meetingID=room&password=mp", ACME).body(), "returncode"));
      assertEquals(
          "notFound", xml(acme(i, "getMeetingInfo", "meetingID=room", ACME).body(), "messageKey"));
      HostRequests.Raw betaInfo = beta(i, "getMeetingInfo", "meetingID=room", BETA);
      assertEquals("room", xml(betaInfo.body(), "meetingID"), "beta's room runs on");
      assertTrue(a.meeting("beta~room").isPresent() || b.meeting("beta~room").isPresent());
    }
  }

  /**
   * Once tenants exist, the balancer's own secret is one more front end: its own meetings, never a
   * tenant's, even named by their namespaced IDs.
   */
  @Test
  void theBalancersOwnSecretReachesNoTenantsMeetingOrRecording(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      String create = "name=Room&meetingID=room&moderatorPW=mp&attendeePW=ap";
      acme(i, "create", create, ACME);
      assertEquals("SUCCESS", xml(f.call("create", create).body(), "returncode"));
      assertTrue(a.meeting("room").isPresent() && a.meeting("acme~room").isPresent());

      String own = f.call("getMeetings", "").body();
      assertEquals(1, own.split("<meeting>", -1).length - 1, own);
      assertTrue(own.contains("<meetingID>room</meetingID>") && !own.contains("acme"), own);
      assertEquals(
          "validationError",
          xml(f.call("create", "name=Steal&meetingID=acme~room").body(), "messageKey"),
          "a tenant's namespaced ID cannot be created under the balancer's secret");
      assertEquals(
          "notFound", xml(f.call("getMeetingInfo", "meetingID=acme~room").body(), "messageKey"));
      assertEquals(
          "invalidMeetingIdentifier",
          xml(
              f.call("join", "meetingID=acme~room&fullName=Eve&password=mp&redirect=false").body(),
              "messageKey"));
      assertEquals(
          "notFound", xml(f.call("end", "meetingID=acme~room&password=mp").body(), "messageKey"));
      assertEquals("notFound", xml(f.call("move", "meetingID=acme~room").body(), "messageKey"));
      assertTrue(a.meeting("acme~room").isPresent(), "acme's room runs on");
      assertTrue(a.calls("end").isEmpty() && a.calls("join").isEmpty());
      String stats = f.call("getStatistics", "").body();
      assertFalse(stats.contains("acme"), "no tenant's meeting or line: " + stats);

      BbbRecording acmeRec = BbbRecording.builder("acme~room").startTime(1).build();
      BbbRecording ownRec = BbbRecording.builder("room").startTime(2).build();
      a.seedRecording(acmeRec);
      a.seedRecording(ownRec);
      String recordings = f.call("getRecordings", "").body();
      assertTrue(
          recordings.contains(ownRec.recordId()) && !recordings.contains(acmeRec.recordId()),
          recordings);
      assertFalse(
          f.call("getRecordings", "meetingID=acme~room").body().contains("<recordID>"),
          "asked by the tenant's namespaced meetingID");
      String deleted =
          f.call("deleteRecordings", "recordID=" + ownRec.recordId() + "," + acmeRec.recordId())
              .body();
      assertEquals("SUCCESS", xml(deleted, "returncode"), deleted);
      assertEquals(
          BbbRecording.DELETED,
          a.recording(ownRec.recordId()).orElseThrow().state(),
          "its own recording is deleted");
      assertNotEquals(
          BbbRecording.DELETED,
          a.recording(acmeRec.recordId()).orElseThrow().state(),
          "acme's is left alone");
      assertTrue(
          acme(i, "getMeetings", "", ACME).body().contains("<meetingID>room</meetingID>"),
          "acme still sees its room");
    }
  }

  @Test
  void eachTenantSignsWithItsOwnSecretsAlgorithmsAndOverlap(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      assertEquals("SUCCESS", xml(acme(i, "getMeetings", "", ACME).body(), "returncode"));
      assertEquals(
          "SUCCESS",
          xml(acme(i, "getMeetings", "", ACME_OLD).body(), "returncode"),
          "the old secret inside its overlap");
      assertEquals("SUCCESS", xml(beta(i, "getMeetings", "", BETA).body(), "returncode"));
      assertEquals(
          "checksumError",
          xml(beta(i, "getMeetings", "", BETA_EXPIRED).body(), "messageKey"),
          "a secret after its validUntil");
      assertEquals(
          "checksumError",
          xml(acme(i, "getMeetings", "", BETA).body(), "messageKey"),
          "another tenant's secret");
      assertEquals(
          "checksumError",
          xml(beta(i, "getMeetings", "", ACME).body(), "messageKey"),
          "another tenant's secret, by path");
      assertEquals(
          "checksumError",
          xml(acme(i, "getMeetings", "", BalancerFixture.SECRET).body(), "messageKey"),
          "the balancer's own secret is not a tenant's");
      String sha1 = BalancerFixture.signed(ChecksumAlgorithm.SHA1, "getMeetings", "", ACME);
      assertEquals(
          "checksumError",
          xml(
              HostRequests.viaHost(i, ACME_HOST, "/bigbluebutton/api/getMeetings?" + sha1).body(),
              "messageKey"),
          "acme allows sha256 only");
    }
  }

  @Test
  void aTenantListsAndChangesOnlyItsOwnRecordings(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      // Record IDs derived from the namespaced meeting IDs, as BBB derives them.
      BbbRecording acmeRec = BbbRecording.builder("acme~room").startTime(1).build();
      BbbRecording betaRec = BbbRecording.builder("beta~room").startTime(2).build();
      a.seedRecording(acmeRec);
      a.seedRecording(betaRec);
      String recAcme = acmeRec.recordId();
      String recBeta = betaRec.recordId();

      String listed = acme(i, "getRecordings", "", ACME).body();
      assertTrue(listed.contains(recAcme) && !listed.contains(recBeta), listed);
      assertTrue(listed.contains("<meetingID>room</meetingID>"), listed);
      assertFalse(
          acme(i, "getRecordings", "meetingID=room", BETA).body().contains("<recordID>"),
          "beta's secret on acme's host");
      assertTrue(beta(i, "getRecordings", "meetingID=room", BETA).body().contains(recBeta));

      assertEquals(
          "notFound",
          xml(
              acme(i, "publishRecordings", "recordID=" + recBeta + "&publish=false", ACME).body(),
              "messageKey"),
          "another tenant's record ID");
      HostRequests.Raw both =
          acme(
              i,
              "publishRecordings",
              "recordID=" + recAcme + "," + recBeta + "&publish=false",
              ACME);
      assertEquals("SUCCESS", xml(both.body(), "returncode"), both.body());
      assertFalse(a.recording(recAcme).orElseThrow().published());
      assertTrue(
          a.recording(recBeta).orElseThrow().published(),
          "named beside its own, another tenant's recording is left alone");
    }
  }

  @Test
  void statisticsAndMetricsNameEachTenant(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = fixture(broker)) {
      BalancerFixture.Instance i = f.startInstance();
      f.addServer("a");
      acme(i, "create", "name=One&meetingID=one", ACME);
      acme(i, "create", "name=Two&meetingID=two", ACME);
      beta(i, "create", "name=Three&meetingID=three", BETA);
      acme(i, "getMeetings", "", BETA);

      String own = acme(i, "getStatistics", "", ACME).body();
      assertTrue(
          own.contains(
              "<tenants><tenant><tenantID>acme</tenantID><meetingCount>2</meetingCount>"
                  + "<participantCount>0</participantCount></tenant></tenants>"),
          own);
      assertFalse(own.contains("beta"), own);
      assertTrue(own.contains("<meetingID>one</meetingID>"), "its own IDs: " + own);
      String betaOwn = beta(i, "getStatistics", "", BETA).body();
      assertTrue(
          betaOwn.contains("<tenantID>beta</tenantID><meetingCount>1</meetingCount>"), betaOwn);
      assertFalse(
          f.call("getStatistics", "").body().contains("<tenants>"),
          "the balancer's own secret sees no tenant's figures");

      String listed = f.admin("GET", "/admin/tenants", null, BalancerFixture.TOKEN).body();
      assertTrue(
          listed.contains("\"id\":\"acme\"") && listed.contains("\"pathPrefix\":\"/beta\""),
          listed);
      assertTrue(
          listed.matches(
              "(?s).*\"id\":\"acme\".*?\"meetingCount\":2,\"participantCount\":0.*"
                  + "\"id\":\"beta\".*?\"meetingCount\":1,.*"),
          "the operator sees every tenant's figures: " + listed);
      assertTrue(listed.contains("\"validUntil\":\"2020-01-01T00:00:00Z\""), listed);
      assertFalse(listed.contains(ACME) || listed.contains(BETA_EXPIRED), "no secret: " + listed);
      assertEquals(401, f.admin("GET", "/admin/tenants", null, null).statusCode());

      String metrics = f.management("/metrics").body();
      for (String line :
          List.of(
              "switchboard_balancer_requests_total{call=\"create\",result=\"success\",service=\"balancer-service\",tenant=\"acme\"} 2.0",
              "switchboard_balancer_requests_total{call=\"create\",result=\"success\",service=\"balancer-service\",tenant=\"beta\"} 1.0",
              "switchboard_balancer_requests_total{call=\"getMeetings\",result=\"checksumError\",service=\"balancer-service\",tenant=\"acme\"} 1.0",
              "switchboard_balancer_requests_total{call=\"getStatistics\",result=\"success\",service=\"balancer-service\",tenant=\"none\"}")) {
        assertTrue(metrics.contains(line), line + " in\n" + metrics);
      }
    }
  }

  private static HostRequests.Raw acme(
      BalancerFixture.Instance i, String call, String query, String secret) throws IOException {
    String signed = BalancerFixture.signed(ChecksumAlgorithm.SHA256, call, query, secret);
    return HostRequests.viaHost(i, ACME_HOST, "/bigbluebutton/api/" + call + "?" + signed);
  }

  private static HostRequests.Raw beta(
      BalancerFixture.Instance i, String call, String query, String secret) throws Exception {
    String signed = BalancerFixture.signed(ChecksumAlgorithm.SHA256, call, query, secret);
    var response =
        BalancerFixture.send(
            HttpRequest.newBuilder(
                    URI.create(i.base() + "/beta/bigbluebutton/api/" + call + "?" + signed))
                .GET());
    return new HostRequests.Raw(
        response.statusCode(), response.headers().toString(), response.body());
  }
}
