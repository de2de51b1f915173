package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.cli.BalancerCli;
import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants managed through the admin API and the CLI live on bbb.tenants: every instance follows the
 * topic, a restarted one replays it, secrets rotate with an overlap, and the topic holds no secret
 * in clear.
 */
@ExtendWith(KafkaExtension.class)
class TenantAdminTest {
  private static final String ONE = "gamma-secret-one";
  private static final String TWO = "gamma-secret-two";
  private static final String THREE = "gamma-secret-three";

  @TempDir Path dir;

  @Test
  void aTenantMadeOnOneInstanceServesOnAnotherAndRotatesWithAnOverlap(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance a = f.startInstance();
      BalancerFixture.Instance b = f.startInstance();
      f.addServer("s1");
      Result put =
          cli(
              a,
              Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN),
              "{\"pathPrefix\":\"/gamma\",\"checksumAlgorithms\":[\"sha256\"],"
                  + "\"secrets\":[{\"secret\":\""
                  + ONE
                  + "\"}]}",
              "tenant-put",
              "gamma");
      assertEquals(0, put.code(), put.out());
      Await.until(() -> "SUCCESS".equals(returncode(b, "getMeetings", ONE)), "b follows the topic");
      HttpResponse<String> created =
          gamma(b, "create", "name=Gamma&meetingID=room&moderatorPW=mp&attendeePW=ap", ONE);
      assertEquals("room", xml(created.body(), "meetingID"), created.body());
      assertTrue(b.balancer().state().meeting("gamma~room").isPresent(), "namespaced");
      Await.until(
          () ->
              metric(
                      f,
                      "switchboard_balancer_tenant_meetings{service=\"balancer-service\",tenant=\"gamma\"}")
                  .equals("1.0"),
          "a per-tenant meeting gauge on every instance");
      assertEquals(
          "0.0",
          metric(
              f,
              "switchboard_balancer_tenant_participants{service=\"balancer-service\",tenant=\"gamma\"}"));

      HttpResponse<String> listed = admin(b, "GET", "/admin/tenants", null);
      assertTrue(listed.body().contains("\"id\":\"gamma\""), listed.body());
      assertFalse(listed.body().contains(ONE), "no secret in a listing: " + listed.body());

      rotateTwiceFirstWithAnOverlapThenWithout(a, b);

      BalancerFixture.Instance c = f.startInstance();
      assertEquals("SUCCESS", returncode(c, "getMeetings", THREE), "a new instance replays");
      assertEquals("checksumError", messageKey(c, ONE));

      assertEquals(
          0,
          cli(a, Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN), "", "tenant-remove", "gamma")
              .code());
      assertEquals(404, gamma(a, "getMeetings", "", THREE).statusCode(), "its prefix is gone");
      assertTopicHoldsContractRecordsWithoutSecrets(broker, f);
    }
  }

  @Test
  void theTenantsFileOnlySeedsTheTopicWhichWinsAfterAChange(KafkaBroker broker) throws Exception {
    Path file = dir.resolve("tenants.json");
    Files.writeString(
        file,
        "{\"tenants\":[{\"id\":\"gamma\",\"pathPrefix\":\"/gamma\",\"secrets\":[{\"secret\":\""
            + ONE
            + "\"}]}]}");
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(), Map.of("BALANCER_TENANTS_FILE", file.toString()))) {
      BalancerFixture.Instance a = f.startInstance();
      f.addServer("s1");
      assertEquals("SUCCESS", returncode(a, "getMeetings", ONE), "seeded from the file");
      HttpResponse<String> rotated =
          admin(
              a,
              "POST",
              "/admin/tenants/gamma/secrets",
              "{\"secret\":\"" + TWO + "\",\"overlapSeconds\":0}");
      assertEquals(200, rotated.statusCode(), rotated.body());
      f.stopInstance(a);

      BalancerFixture.Instance b = f.startInstance();
      assertEquals("SUCCESS", returncode(b, "getMeetings", TWO), "the topic's tenant");
      assertEquals("checksumError", messageKey(b, ONE), "the file does not undo the rotation");
    }
  }

  @Test
  void badTenantsAreRefusedNamingWhatIsWrong(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance a = f.startInstance();
      HttpResponse<String> shortSecret =
          admin(a, "PUT", "/admin/tenants/gamma", "{\"secrets\":[{\"secret\":\"short\"}]}");
      assertEquals(400, shortSecret.statusCode());
      assertTrue(shortSecret.body().contains("shorter than 12 characters"), shortSecret.body());
      HttpResponse<String> badId =
          admin(a, "PUT", "/admin/tenants/Gamma_1", "{\"secrets\":[{\"secret\":\"" + ONE + "\"}]}");
      assertEquals(400, badId.statusCode());
      assertTrue(badId.body().contains("id must be"), badId.body());
      String withPrefix = "{\"pathPrefix\":\"/p\",\"secrets\":[{\"secret\":\"" + ONE + "\"}]}";
      assertEquals(200, admin(a, "PUT", "/admin/tenants/first", withPrefix).statusCode());
      HttpResponse<String> clash = admin(a, "PUT", "/admin/tenants/second", withPrefix);
      assertEquals(409, clash.statusCode());
      assertTrue(clash.body().contains("already serves tenant first"), clash.body());
      assertEquals(404, admin(a, "DELETE", "/admin/tenants/nobody", null).statusCode());
      assertEquals(
          404,
          admin(a, "POST", "/admin/tenants/nobody/secrets", "{\"secret\":\"" + ONE + "\"}")
              .statusCode());
      assertEquals(401, f.admin("PUT", "/admin/tenants/x", withPrefix, null).statusCode());
    }
  }

  /** A rotation on b with an hour's overlap reaches a; one with none ends the old at once. */
  private static void rotateTwiceFirstWithAnOverlapThenWithout(
      BalancerFixture.Instance a, BalancerFixture.Instance b) throws Exception {
    HttpResponse<String> rotated =
        admin(
            b,
            "POST",
            "/admin/tenants/gamma/secrets",
            "{\"secret\":\"" + TWO + "\",\"overlapSeconds\":3600}");
    assertEquals(200, rotated.statusCode(), rotated.body());
    Await.until(() -> "SUCCESS".equals(returncode(a, "getMeetings", TWO)), "a follows");
    assertEquals("SUCCESS", returncode(a, "getMeetings", ONE), "the old secret in its overlap");

    Result again =
        cli(
            a,
            Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN, "TENANT_SECRET", THREE),
            "",
            "tenant-rotate",
            "gamma",
            "--overlap",
            "0");
    assertEquals(0, again.code(), again.out());
    assertEquals("SUCCESS", returncode(a, "getMeetings", THREE));
    assertEquals("checksumError", messageKey(a, ONE), "no overlap: the old secrets end at once");
    assertEquals("checksumError", messageKey(a, TWO));
  }

  private static void assertTopicHoldsContractRecordsWithoutSecrets(
      KafkaBroker broker, BalancerFixture f) {
    TopicContract contract = TopicContract.load();
    try (RecordCollector records =
        new RecordCollector(broker.bootstrapServers(), List.of(f.topic(Topics.BBB_TENANTS)))) {
      var all = records.await(r -> true, 4, Duration.ofSeconds(30));
      for (var r : all) {
        if (r.value() != null) {
          contract.validate(Topics.BBB_TENANTS, r.value());
          String text = new String(r.value(), StandardCharsets.UTF_8);
          assertFalse(
              text.contains(ONE) || text.contains(TWO) || text.contains(THREE),
              "no secret in clear: " + text);
        }
      }
      assertTrue(all.stream().anyMatch(r -> r.value() == null), "removal is a tombstone");
    }
  }

  /** A sample's value from the first instance's /metrics, or "" when it has none. */
  private static String metric(BalancerFixture f, String sample) {
    try {
      return f.management("/metrics")
          .body()
          .lines()
          .filter(l -> l.startsWith(sample + " "))
          .map(l -> l.substring(sample.length() + 1))
          .findFirst()
          .orElse("");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> gamma(
      BalancerFixture.Instance i, String call, String query, String secret) throws Exception {
    String signed = BalancerFixture.signed(ChecksumAlgorithm.SHA256, call, query, secret);
    return BalancerFixture.send(
        HttpRequest.newBuilder(
                URI.create(i.base() + "/gamma/bigbluebutton/api/" + call + "?" + signed))
            .GET());
  }

  private static String returncode(BalancerFixture.Instance i, String call, String secret) {
    try {
      return xml(gamma(i, call, "", secret).body(), "returncode");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String messageKey(BalancerFixture.Instance i, String secret) throws Exception {
    return xml(gamma(i, "getMeetings", "", secret).body(), "messageKey");
  }

  private static HttpResponse<String> admin(
      BalancerFixture.Instance i, String method, String path, String body) throws Exception {
    return BalancerFixture.send(
        HttpRequest.newBuilder(URI.create(i.base() + path))
            .header("Authorization", "Bearer " + BalancerFixture.TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
  }

  private record Result(int code, String out) {}

  private static Result cli(
      BalancerFixture.Instance i, Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = i.base();
    System.arraycopy(args, 0, all, 2, args.length);
    int code =
        BalancerCli.run(
            all,
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8));
  }
}
