package io.switchboard.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the operator's Prometheus shows of the running demo. */
final class MonitoringCheck {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private MonitoringCheck() {}

  /** Every target of the generated scrape configuration up. */
  static void assertEveryTargetUp(PrometheusProcess prometheus, int targets) {
    Await.until(
        () -> {
          try {
            JsonArray up = prometheus.query("up");
            return up.size() == targets
                && up.stream()
                    .allMatch(s -> "1".equals(((JsonObject) s).getJsonArray("value").getString(1)));
          } catch (Exception e) {
            return false;
          }
        },
        targets + " targets up in Prometheus",
        PATIENCE);
  }

  /**
   * Every expression returns data from Prometheus. Rates need a few scrapes and some figures need
   * the traffic to have done its work (a move, a provisioning change): the ones still empty are
   * asked again until the patience runs out, and then listed.
   */
  static void assertEveryExpressionHasData(
      PrometheusProcess prometheus,
      List<PanelExpressions.Expression> dashboards,
      List<PanelExpressions.Expression> alerts)
      throws Exception {
    assertTrue(!dashboards.isEmpty(), "no panel expression found");
    assertTrue(!alerts.isEmpty(), "no alert rule found");
    List<PanelExpressions.Expression> pending = new ArrayList<>(dashboards);
    pending.addAll(alerts);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      List<PanelExpressions.Expression> empty = new ArrayList<>();
      for (PanelExpressions.Expression e : pending) {
        if (prometheus.query(e.query()).isEmpty()) {
          empty.add(e);
        }
      }
      pending = empty;
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(2000);
    }
    assertEquals(
        List.of(),
        pending.stream().map(e -> e.source() + ": " + e.query()).toList(),
        "expressions without data in Prometheus");
  }
}
