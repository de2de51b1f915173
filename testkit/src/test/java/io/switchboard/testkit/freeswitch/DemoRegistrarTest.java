package io.switchboard.testkit.freeswitch;

import static io.switchboard.testkit.freeswitch.SofiaEvents.state;
import static io.switchboard.testkit.freeswitch.SofiaEvents.subclass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.kamailio.Sipp;
import io.switchboard.testkit.sip.DemoRegistrar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated FreeSWITCH gateways against the demo's registrar, with credentials as
 * registration-service makes them for Kamailio's auth_ephemeral: a room registers with its own, not
 * with another room's, an expired one or a wrong secret's; killgw removes the binding.
 */
class DemoRegistrarTest {
  private static final String SECRET = "registrar-secret";

  @TempDir Path conf;

  @Test
  void onlyAValidRoomsOwnCredentialsRegisterAndKillgwRemovesTheBinding() throws Exception {
    Files.createDirectories(conf.resolve("sip_profiles/external"));
    long future = System.currentTimeMillis() / 1000 + 3600;
    try (DemoRegistrar registrar = DemoRegistrar.start("127.0.0.1", 0, SECRET);
        FreeSwitchSimulator sim =
            FreeSwitchSimulator.start(
                SimulatorOptions.defaults()
                    .withConfigurationDir(conf)
                    .withHeartbeatInterval(Duration.ZERO)
                    .withSofiaTick(Duration.ofMillis(50)));
        SofiaEvents fs = new SofiaEvents(sim)) {
      gateway("72101", future + ":72101", SECRET, registrar.address());
      gateway("72102", future + ":72101", SECRET, registrar.address());
      gateway("72103", (future - 7200) + ":72103", SECRET, registrar.address());
      gateway("72104", future + ":72104", "another-secret", registrar.address());
      fs.api("sofia profile external rescan");
      fs.until("conf_72101", state("REGED"));
      for (String refused : List.of("conf_72102", "conf_72103", "conf_72104")) {
        fs.until(refused, state("FAIL_WAIT"));
      }
      assertEquals(List.of("72101"), List.copyOf(registrar.locationTable().keySet()));
      assertEquals(
          "sip:gw+conf_72101@" + sim.sipAddress() + ";transport=udp;gw=conf_72101",
          registrar.locationTable().get("72101"));

      // A call to the room is redirected to its contact; one to a room not registered is not.
      Path calls = Files.createDirectories(conf.resolveSibling(conf.getFileName() + "-sipp"));
      Sipp.invite(registrar.address(), "72199", calls);
      Sipp.invite(registrar.address(), "72101", calls);
      assertEquals(
          List.of("ROOM 72101: INVITE to " + registrar.locationTable().get("72101")),
          registrar.routedCalls());

      fs.api("sofia profile external killgw conf_72101");
      fs.until("conf_72101", subclass("sofia::gateway_delete"));
      Await.until(
          () -> registrar.locationTable().isEmpty(),
          "binding gone after killgw",
          Duration.ofSeconds(10));
      assertFalse(registrar.locationTable().containsKey("72101"));
    }
  }

  private void gateway(String room, String username, String secret, String proxy) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String password =
        Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(
        conf.resolve("sip_profiles/external/conf_" + room + ".xml"),
        String.join(
            "\n",
            "<include>",
            "  <gateway name=\"conf_" + room + "\">",
            "    <param name=\"username\" value=\"" + username + "\"/>",
            "    <param name=\"password\" value=\"" + password + "\"/>",
            "    <param name=\"from-user\" value=\"" + room + "\"/>",
            "    <param name=\"extension\" value=\"" + room + "\"/>",
            "    <param name=\"proxy\" value=\"" + proxy + "\"/>",
            "    <param name=\"timeout-seconds\" value=\"20\"/>",
            "  </gateway>",
            "</include>",
            ""));
  }
}
