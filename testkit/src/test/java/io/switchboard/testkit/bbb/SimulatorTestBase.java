package io.switchboard.testkit.bbb;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x per test class, a fresh simulator per test, reached over real HTTP. */
abstract class SimulatorTestBase {
  /** The shared secret of the BBB API documentation's checksum example. */
  static final String SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";

  static Vertx vertx;

  BbbServerSimulator bbb;
  BbbApiClient client;

  @BeforeAll
  static void createVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  /** Tests that need other settings override this. */
  BbbSimulatorConfig.Builder config() {
    return BbbSimulatorConfig.builder(SECRET);
  }

  @BeforeEach
  void startSimulator() {
    bbb = new BbbServerSimulator(vertx, config().build()).start().await();
    client = new BbbApiClient(bbb.apiUrl(), SECRET);
  }

  @AfterEach
  void stopSimulator() {
    bbb.stop().await();
  }
}
