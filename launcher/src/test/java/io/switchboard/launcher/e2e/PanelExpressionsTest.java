package io.switchboard.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How dashboards' and alerts' PromQL become the queries the end-to-end test asks Prometheus. */
class PanelExpressionsTest {
  @Test
  void grafanaVariablesBecomeEverythingAndIntervalsAMinute() {
    assertEquals(
        "sum by (node) (rate(x_total{node=~\".*\",tenant!=~\".*\"}[1m])) / 1m",
        PanelExpressions.substitute(
            "sum by (node) (rate(x_total{node=\"$node\",tenant!=\"${tenant}\"}[$__rate_interval]))"
                + " / ${__interval}"));
    assertEquals("x{job=~\"gw-.*\"}", PanelExpressions.substitute("x{job=~\"gw-$node\"}"));
  }

  @Test
  void anAlertLosesItsTopLevelComparisonOnly() {
    assertEquals("up{job=~\"a|b\"}", PanelExpressions.withoutThreshold("up{job=~\"a|b\"} == 0"));
    assertEquals(
        "(sum without (o) (increase(c{o=~\"x\"}[10m])) or 0 * g)",
        PanelExpressions.withoutThreshold(
            "(sum without (o) (increase(c{o=~\"x\"}[10m])) or 0 * g) > 0"));
    assertEquals(
        "{__name__=~\"a.+b\"}", PanelExpressions.withoutThreshold("{__name__=~\"a.+b\"} > 10000"));
    assertEquals("a + b", PanelExpressions.withoutThreshold("a + b >= bool 1"));
    assertEquals("absent(x)", PanelExpressions.withoutThreshold("absent(x)"));
  }

  @Test
  void everyTargetOfEveryPanelAndEveryRuleIsFound(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("d.json"),
        "{\"panels\":[{\"title\":\"A\",\"targets\":[{\"expr\":\"a\"},{\"expr\":\"\"}]},"
            + "{\"title\":\"row\",\"panels\":[{\"title\":\"B\",\"targets\":[{\"expr\":\"b\"}]}]}]}");
    Files.writeString(dir.resolve("notes.txt"), "not a dashboard");
    assertEquals(
        List.of(
            new PanelExpressions.Expression("d.json: panel \"A\"", "a"),
            new PanelExpressions.Expression("d.json: panel \"B\"", "b")),
        PanelExpressions.dashboards(dir));
    Files.writeString(
        dir.resolve("alerts.yml"),
        "groups:\n  - name: g\n    rules:\n      - alert: High\n        expr: >-\n          x\n"
            + "          > 5\n      - record: r\n        expr: y > 1\n");
    assertEquals(
        List.of(
            new PanelExpressions.Expression("alerts.yml: High", "x"),
            new PanelExpressions.Expression("alerts.yml: r", "y > 1")),
        PanelExpressions.alerts(dir.resolve("alerts.yml")));
  }
}
