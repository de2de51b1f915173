package io.switchboard.launcher.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.service.HealthProbe;
import io.switchboard.testkit.kamailio.Kamailio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment under {@code deploy/} as the tools read it: both compose files with
 * docker-compose, the Prometheus configuration and alerts with promtool (including the alerts' unit
 * tests), the registrar configuration Kamailio runs with, the Grafana dashboards, and the services'
 * Dockerfiles. Without docker-compose, promtool or kamailio the checks are skipped, except where
 * {@code CI=true}: there they fail.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Path PROMETHEUS = DEPLOY.resolve("prometheus");
  private static final List<String> SERVICES =
      List.of("esl-gateway", "balancer-service", "registration-service", "provisioning-service");

  /** A metric name in an expression: switchboard's own, Vert.x's, or Prometheus' {@code up}. */
  private static final Pattern METRIC =
      Pattern.compile("\\b(switchboard_[a-z0-9_]+|vertx_[a-z0-9_]+|up)\\b(?!\\s*\\()");

  @Test
  void bothComposeFilesAreValid() throws Exception {
    Path compose = Kamailio.installed("docker-compose");
    for (Path file :
        List.of(DEPLOY.resolve("docker-compose.yml"), DEPLOY.resolve("node/docker-compose.yml"))) {
      run(DEPLOY, compose.toString(), "-f", file.toString(), "config", "-q");
    }
  }

  @Test
  void prometheusConfigurationAndAlertsAreValidAndTheAlertsPassTheirTests() throws Exception {
    String promtool = Kamailio.installed("promtool").toString();
    run(PROMETHEUS, promtool, "check", "config", "prometheus.yml");
    run(PROMETHEUS, promtool, "check", "rules", "alerts.yml");
    String tests = run(PROMETHEUS, promtool, "test", "rules", "alerts.test.yml");
    assertTrue(tests.contains("SUCCESS"), tests);
  }

  /** The compose file's Kamailio: the sample behind a secret it includes, as Kamailio reads it. */
  @Test
  void theRegistrarConfigurationOfTheComposeFileIsValid(@TempDir Path dir) throws Exception {
    String kamailio = Kamailio.installed("kamailio").toString();
    Path secret = dir.resolve("registrar-secret.cfg");
    Files.writeString(secret, "#!define AUTH_SECRET \"test-secret\"\n", StandardCharsets.UTF_8);
    String wrapper =
        Files.readString(DEPLOY.resolve("kamailio/switchboard.cfg"), StandardCharsets.UTF_8);
    assertTrue(wrapper.contains("\"/run/secrets/registrar-secret.cfg\""), wrapper);
    assertTrue(wrapper.contains("\"/etc/kamailio/registrar.cfg\""), wrapper);
    Path cfg = dir.resolve("switchboard.cfg");
    Files.writeString(
        cfg,
        wrapper
            .replace("/run/secrets/registrar-secret.cfg", secret.toString())
            .replace(
                "/etc/kamailio/registrar.cfg", DEPLOY.resolve("kamailio/registrar.cfg").toString())
            .replace("unix:/tmp/kamailio_ctl", "unix:" + dir.resolve("ctl")),
        StandardCharsets.UTF_8);
    String checked = run(dir, kamailio, "-c", "-f", cfg.toString());
    assertTrue(checked.toLowerCase(java.util.Locale.ROOT).contains("config file ok"), checked);
  }

  @Test
  void everyAlertIsTestedFiringAndSilent() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group : yaml.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).get("groups")) {
      group.get("rules").forEach(rule -> alerts.add(rule.get("alert").asText()));
    }
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test :
        yaml.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile()).get("tests")) {
      for (JsonNode check : test.get("alert_rule_test")) {
        (check.path("exp_alerts").isEmpty() ? silent : firing).add(check.get("alertname").asText());
      }
    }
    assertFalse(alerts.isEmpty());
    assertEquals(alerts, firing, "alerts tested firing");
    assertEquals(alerts, silent, "alerts tested silent");
  }

  @Test
  void everyPanelQueriesThePrometheusDatasourceForMetricsTheServicesDeclare() throws IOException {
    Set<String> declared = declaredMetrics();
    List<String> problems = new ArrayList<>();
    List<Path> dashboards;
    try (Stream<Path> files = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
      dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(5, dashboards.size(), "dashboards: " + dashboards);
    ObjectMapper json = new ObjectMapper();
    for (Path file : dashboards) {
      JsonNode dashboard = json.readTree(file.toFile());
      assertFalse(dashboard.path("uid").asText().isEmpty(), file + " has no uid");
      assertFalse(dashboard.path("panels").isEmpty(), file + " has no panels");
      for (JsonNode panel : dashboard.get("panels")) {
        String where = file.getFileName() + " / " + panel.path("title").asText();
        if (!"prometheus".equals(panel.path("datasource").path("uid").asText())) {
          problems.add(where + ": no Prometheus datasource");
        }
        if (panel.path("targets").isEmpty()) {
          problems.add(where + ": no query");
        }
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          if (expr.isBlank()) {
            problems.add(where + ": a target without expr");
          }
          unknownMetrics(expr, declared)
              .forEach(m -> problems.add(where + ": unknown metric " + m));
        }
      }
    }
    for (JsonNode group :
        new YAMLMapper().readTree(PROMETHEUS.resolve("alerts.yml").toFile()).get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        unknownMetrics(rule.get("expr").asText(), declared)
            .forEach(m -> problems.add(rule.get("alert").asText() + ": unknown metric " + m));
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyServiceHasADockerfileOnTheTemurinJreRunningAsAnotherUserThanRootWithAHealthCheck()
      throws IOException {
    for (String service : SERVICES) {
      String dockerfile =
          Files.readString(ROOT.resolve(service).resolve("Dockerfile"), StandardCharsets.UTF_8);
      assertTrue(dockerfile.contains("\nFROM eclipse-temurin:17-jre\n"), service);
      assertTrue(dockerfile.contains("\nCOPY target/" + service + ".jar "), service);
      Matcher user = Pattern.compile("\nUSER (\\S+)").matcher(dockerfile);
      assertTrue(user.find(), service + " sets no USER");
      assertFalse(user.group(1).startsWith("root") || user.group(1).startsWith("0"), service);
      assertTrue(dockerfile.contains("\nHEALTHCHECK "), service);
      assertTrue(dockerfile.contains("\"" + HealthProbe.class.getName() + "\""), service);
      assertTrue(dockerfile.contains("\nEXPOSE "), service);
    }
  }

  /**
   * Metric names the services' code declares, in Prometheus' spelling: the Micrometer names ({@code
   * "switchboard.gateway.spool.depth"} or already {@code "switchboard_..."}) and the suffixes every
   * service's Kafka followers share ({@code "_kafka_follower_up"}).
   */
  private static Set<String> declaredMetrics() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(switchboard[._][a-z0-9._]+|_[a-z0-9_]+)\"");
    for (String module :
        List.of(
            "common",
            "esl-gateway",
            "balancer-service",
            "registration-service",
            "provisioning-service")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = literal.matcher(Files.readString(file, StandardCharsets.UTF_8));
          while (m.find()) {
            names.add(m.group(1).replace('.', '_'));
          }
        }
      }
    }
    return names;
  }

  private static List<String> unknownMetrics(String expr, Set<String> declared) {
    List<String> unknown = new ArrayList<>();
    Matcher m = METRIC.matcher(expr.replaceAll("\\{[^}]*\\}", "{}"));
    while (m.find()) {
      String name = m.group(1);
      if (!name.equals("up")
          && !name.startsWith("vertx_http_server_")
          && !isDeclared(name, declared)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  /**
   * {@code name} less the suffixes Prometheus adds (_total, _seconds, _bucket, ...) is declared.
   */
  private static boolean isDeclared(String name, Set<String> declared) {
    String base = name.replaceAll("_(bucket|count|sum|max)$", "").replaceAll("_total$", "");
    for (String candidate :
        List.of(base, base.replaceAll("_(seconds|events|bytes)$", ""), base + "_total")) {
      if (declared.contains(candidate)
          || declared.stream()
              .anyMatch(
                  suffix ->
                      suffix.startsWith("_")
                          && candidate.endsWith(suffix)
                          && candidate
                              .substring(0, candidate.length() - suffix.length())
                              .matches("switchboard_[a-z]+"))) {
        return true;
      }
    }
    return false;
  }

  private static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " hung");
    assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }
}
