package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * apply-inbound-acl as mod_event_socket.c's listener_run applies it (mod_event_socket.c:2674-2691).
 */
class InboundAclTest {
  private static final String REJECTION =
      "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n";

  private FreeSwitchSimulator sim;

  @BeforeEach
  void start() {
    sim =
        FreeSwitchSimulator.start(SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aConnectionFromOutsideTheAclGetsTheRudeRejectionInsteadOfTheGreetingAndIsClosed()
      throws Exception {
    sim.applyInboundAcl(List.of("10.0.0.0/8", "192.168.1.7"));
    try (RawClient c = new RawClient(sim.port())) {
      assertEquals(REJECTION, c.readBytes(REJECTION.length()));
      assertTrue(c.closedByPeer(5000));
    }
    assertEquals(0, sim.connectedClients());
  }

  @Test
  void anAddressTheAclAllowsIsGreetedAsUsual() throws Exception {
    for (List<String> acl :
        List.of(List.of("127.0.0.0/8"), List.of("loopback.auto"), List.of("127.0.0.1"))) {
      sim.applyInboundAcl(acl);
      try (RawClient c = new RawClient(sim.port())) {
        assertEquals("Content-Type: auth/request\n\n", c.readBytes(28), acl.toString());
      }
    }
  }

  @Test
  void theAclIsConfigurationAndSurvivesARestart() throws Exception {
    sim.applyInboundAcl(List.of("10.0.0.0/8"));
    sim.restart(Duration.ofMillis(50));
    try (RawClient c = new RawClient(sim.port())) {
      assertEquals(REJECTION, c.readBytes(REJECTION.length()));
    }
  }

  @Test
  void aBadEntryIsRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sim.applyInboundAcl(List.of("localnet")));
    assertTrue(e.getMessage().contains("'localnet'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> sim.applyInboundAcl(List.of("10.0.0.0/33")));
    assertTrue(e.getMessage().contains("'10.0.0.0/33'"), e.getMessage());
  }
}
