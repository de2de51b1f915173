package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scalelite's server tags: {@code meta_server-tag} prefers tagged servers and falls back to
 * untagged ones, a trailing '!' requires them, and a tenant tied to tags stays on its servers.
 */
@ExtendWith(KafkaExtension.class)
class ServerTagsTest {
  private static final String HOST = "acme.bbb.example.test";
  private static final String SECRET = "acme-secret-new-1";

  @TempDir Path dir;

  @Test
  void meetingsGoWhereTheirTagsSayAndATenantStaysOnItsServers(KafkaBroker broker) throws Exception {
    Path file = dir.resolve("tenants.json");
    Files.writeString(
        file,
        """
        {"tenants": [{"id": "acme", "secrets": [{"secret": "%s"}], "serverTags": ["acme"]}]}
        """
            .formatted(SECRET));
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(), Map.of("BALANCER_TENANTS_FILE", file.toString()))) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator plain = f.addServer("plain");
      BbbServerSimulator big = f.addServer("big", "big");
      BbbServerSimulator acme = f.addServer("acme", "acme");

      f.call("create", "name=Untagged&meetingID=untagged");
      assertTrue(plain.meeting("untagged").isPresent(), "no tag: untagged servers only");
      f.call("create", "name=Large&meetingID=large&meta_server-tag=big,other");
      assertTrue(big.meeting("large").isPresent(), "one of the tags asked for");
      f.call("create", "name=Fallback&meetingID=fallback&meta_server-tag=missing");
      assertTrue(plain.meeting("fallback").isPresent(), "an optional tag falls back");
      f.call("create", "name=None&meetingID=none-tag&meta_server-tag=none!");
      assertTrue(plain.meeting("none-tag").isPresent(), "'none' is the untagged servers");
      String refused =
          f.call("create", "name=Required&meetingID=required&meta_server-tag=missing!").body();
      assertEquals("serverTagUnavailable", xml(refused, "messageKey"), refused);
      assertTrue(plain.meeting("required").isEmpty() && big.meeting("required").isEmpty());
      assertTrue(
          f.first().balancer().state().meeting("required").isEmpty(), "no placement is left");

      String signed =
          BalancerFixture.signed(
              ChecksumAlgorithm.SHA256,
              "create",
              "name=Tenant&meetingID=room&meta_server-tag=big",
              SECRET);
      HostRequests.Raw tied = HostRequests.viaHost(i, HOST, "/bigbluebutton/api/create?" + signed);
      assertEquals("SUCCESS", xml(tied.body(), "returncode"), tied.body());
      assertTrue(
          acme.meeting("acme~room").isPresent(),
          "a tenant tied to its tag cannot ask for another server's");

      String move =
          BalancerFixture.signed(
              ChecksumAlgorithm.SHA256, "move", "meetingID=room&serverID=plain", SECRET);
      String moved = HostRequests.viaHost(i, HOST, "/bigbluebutton/api/move?" + move).body();
      assertEquals("serverTagUnavailable", xml(moved, "messageKey"), moved);
      assertTrue(acme.meeting("acme~room").isPresent(), "nor by a move to another server");

      assertEquals(
          200,
          f.admin("POST", "/admin/servers/acme/disable", null, BalancerFixture.TOKEN).statusCode());
      String signed2 =
          BalancerFixture.signed(
              ChecksumAlgorithm.SHA256, "create", "name=T&meetingID=two", SECRET);
      String none = HostRequests.viaHost(i, HOST, "/bigbluebutton/api/create?" + signed2).body();
      assertEquals(
          "serverTagUnavailable",
          xml(none, "messageKey"),
          "its servers out of service, a tenant's meeting goes nowhere else: " + none);
    }
  }
}
