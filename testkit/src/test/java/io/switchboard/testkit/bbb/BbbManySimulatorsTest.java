package io.switchboard.testkit.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many simulators on one Vert.x, as the balancer tests and benchmarks run them. */
class BbbManySimulatorsTest {
  private static final int SERVERS = 20;
  private static final String SECRET = "shared-secret";

  private Vertx vertx;
  private final List<BbbServerSimulator> simulators = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    List<Future<BbbServerSimulator>> starting = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      BbbServerSimulator simulator =
          new BbbServerSimulator(
              vertx, BbbSimulatorConfig.builder(SECRET).serverId("bbb-" + i).build());
      simulators.add(simulator);
      starting.add(simulator.start());
    }
    Future.all(starting).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void eachSimulatorIsAnIndependentServer() {
    Set<Integer> ports = new HashSet<>();
    for (BbbServerSimulator simulator : simulators) {
      ports.add(simulator.port());
      BbbApiClient client = new BbbApiClient(simulator.apiUrl(), SECRET);
      for (int m = 0; m < 5; m++) {
        assertEquals("SUCCESS", client.create(simulator.serverId() + "-room-" + m).returncode());
      }
    }
    assertEquals(SERVERS, ports.size());
    for (BbbServerSimulator simulator : simulators) {
      assertEquals(5, simulator.meetings().size());
      assertEquals(5, simulator.calls("create").size());
    }
  }
}
