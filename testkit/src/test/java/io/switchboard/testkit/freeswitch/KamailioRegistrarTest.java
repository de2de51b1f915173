package io.switchboard.testkit.freeswitch;

import static io.switchboard.testkit.freeswitch.SofiaEvents.state;
import static io.switchboard.testkit.freeswitch.SofiaEvents.subclass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.kamailio.Kamailio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated FreeSWITCH gateways against a real registrar: Kamailio from Debian's packages
 * (registrar, usrloc in memory, digest auth), its location table read with kamcmd.
 */
class KamailioRegistrarTest {
  private static final String PASSWORD = "secret";

  @TempDir Path conf;

  /** This test's digest registrar (src/test/resources/kamailio/registrar.cfg) on {@code host}. */
  private Kamailio kamailio(String host) throws Exception {
    Path config =
        Path.of(Objects.requireNonNull(getClass().getResource("/kamailio/registrar.cfg")).toURI());
    return Kamailio.start(config, host, Map.of("KAMAILIO_PASSWORD", "\"" + PASSWORD + "\""));
  }

  private FreeSwitchSimulator simulator() {
    return FreeSwitchSimulator.start(
        SimulatorOptions.defaults()
            .withConfigurationDir(conf)
            .withHeartbeatInterval(Duration.ZERO)
            .withSofiaTick(Duration.ofMillis(50)));
  }

  private void gateway(String name, String password, String proxy) throws Exception {
    gateway("external", name, password, proxy);
  }

  private void gateway(String profile, String name, String password, String proxy)
      throws Exception {
    Files.writeString(
        conf.resolve("sip_profiles/" + profile + "/" + name + ".xml"),
        "<include>\n"
            + "  <gateway name=\""
            + name
            + "\">\n"
            + "    <param name=\"username\" value=\""
            + name
            + "\"/>\n"
            + "    <param name=\"password\" value=\""
            + password
            + "\"/>\n"
            + "    <param name=\"proxy\" value=\""
            + proxy
            + "\"/>\n"
            + "    <param name=\"timeout-seconds\" value=\"20\"/>\n"
            + "  </gateway>\n"
            + "</include>\n");
  }

  /**
   * sofia_reg.c's registration (see SofiaGatewaysTest) against Kamailio: each room is bound to the
   * node's contact; a wrong password ends in TIMEOUT, FAILED, FAIL_WAIT (sofia_reg.c:535, 495-529);
   * killgw's un-REGISTER (sofia_reg.c:133) removes the binding.
   */
  @Test
  void roomsRegisterAtKamailioAWrongPasswordTimesOutAndKillgwRemovesTheBinding() throws Exception {
    Files.createDirectories(conf.resolve("sip_profiles/external"));
    try (Kamailio kamailio = kamailio("127.0.0.1");
        FreeSwitchSimulator sim = simulator();
        SofiaEvents fs = new SofiaEvents(sim)) {
      gateway("room-72013", PASSWORD, kamailio.address());
      gateway("room-72014", PASSWORD, kamailio.address());
      gateway("room-72015", "wrong", kamailio.address());
      fs.api("sofia profile external rescan");
      for (String room : List.of("room-72013", "room-72014")) {
        assertEquals(
            List.of("add", "TRYING", "REGISTER 200", "REGED"),
            fs.until(room, state("REGED")).stream().map(SofiaEvents::describe).toList(),
            room);
      }
      String table = kamailio.locationTable();
      for (String room : List.of("room-72013", "room-72014")) {
        assertTrue(table.contains("AoR: " + room + "\n"), table);
        assertTrue(
            table.contains(
                "Address: sip:gw+"
                    + room
                    + "@"
                    + sim.sipAddress()
                    + ";transport=udp;gw="
                    + room
                    + "\n"),
            table);
      }

      assertEquals(
          List.of("add", "TRYING", "TIMEOUT", "FAILED", "FAIL_WAIT"),
          fs.until("room-72015", state("FAIL_WAIT")).stream().map(SofiaEvents::describe).toList());
      assertFalse(kamailio.locationTable().contains("room-72015"));

      assertEquals(
          "+OK gateway marked for deletion.\n", fs.api("sofia profile external killgw room-72013"));
      fs.until("room-72013", subclass("sofia::gateway_delete"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (kamailio.locationTable().contains("AoR: room-72013\n")) {
        assertTrue(
            System.nanoTime() < deadline, "binding left after killgw: " + kamailio.locationTable());
        Thread.sleep(50);
      }
      assertTrue(kamailio.locationTable().contains("AoR: room-72014\n"));
    }
  }

  /**
   * BBB's external-ipv6 profile binds its own address (its {@code sip-ip}, here ::1) and registers
   * with a registrar written as a bracketed IPv6 literal; the binding names the profile's IPv6
   * contact, and the IPv4 profile keeps its own address.
   */
  @Test
  void anIpv6ProfileRegistersFromItsOwnAddressAtAnIpv6Registrar() throws Exception {
    DefaultConfiguration.installIpv6Profile(conf);
    try (Kamailio kamailio = kamailio("::1");
        FreeSwitchSimulator sim = simulator();
        SofiaEvents fs = new SofiaEvents(sim)) {
      assertTrue(kamailio.address().startsWith("[::1]:"), kamailio.address());
      gateway("external-ipv6", "room-72016", PASSWORD, kamailio.address());
      fs.api("sofia profile external-ipv6 rescan");
      fs.until("room-72016", state("REGED"));
      String contact = sim.sipAddress("external-ipv6");
      assertTrue(contact.startsWith("[::1]:"), contact);
      assertTrue(sim.sipAddress("external").startsWith("127.0.0.1:"), sim.sipAddress("external"));
      String table = kamailio.locationTable();
      assertTrue(
          table.contains(
              "Address: sip:gw+room-72016@" + contact + ";transport=udp;gw=room-72016\n"),
          table);
    }
  }
}
