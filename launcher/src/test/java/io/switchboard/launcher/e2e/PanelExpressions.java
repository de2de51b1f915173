package io.switchboard.launcher.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The PromQL the operator looks at: every {@code targets[].expr} of every panel of the Grafana
 * dashboards (rows' nested panels included), and every rule of the Prometheus alert file, made into
 * queries Prometheus answers directly.
 *
 * <p>Grafana's variables are substituted: the interval ones ({@code $__rate_interval}, {@code
 * $__interval}, {@code $__range}) by {@code 1m}; any other ({@code $node}, {@code ${tenant}}) by
 * {@code .*}, a label matcher on it becoming {@code =~".*"}: all of them.
 *
 * <p>An alert rule ({@code expr: X > 5}) fires only past its threshold, which a healthy cluster
 * does not reach; what is checked is that it watches series that exist: its expression is evaluated
 * with its top-level comparison and everything after it removed ({@code X}). An expression without
 * a top-level comparison is evaluated as it is.
 */
final class PanelExpressions {
  /** Where an expression comes from (file and panel or alert), and the query to run. */
  record Expression(String source, String query) {}

  private PanelExpressions() {}

  static List<Expression> dashboards(Path folder) throws IOException {
    List<Expression> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        collect(new JsonObject(Files.readString(file)), file.getFileName().toString(), all);
      }
    }
    return all;
  }

  private static void collect(Object node, String file, List<Expression> into) {
    if (node instanceof JsonObject object) {
      if (object.getValue("targets") instanceof JsonArray targets) {
        for (Object target : targets) {
          if (target instanceof JsonObject t && !t.getString("expr", "").isBlank()) {
            into.add(
                new Expression(
                    file + ": panel \"" + object.getString("title", "?") + "\"",
                    substitute(t.getString("expr"))));
          }
        }
      }
      object.forEach(e -> collect(e.getValue(), file, into));
    } else if (node instanceof JsonArray array) {
      array.forEach(e -> collect(e, file, into));
    }
  }

  @SuppressWarnings("unchecked")
  static List<Expression> alerts(Path file) throws IOException {
    Map<String, Object> yaml =
        new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
    List<Expression> all = new ArrayList<>();
    for (Object group : (List<Object>) yaml.getOrDefault("groups", List.of())) {
      for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
        Map<String, Object> r = (Map<String, Object>) rule;
        String name = String.valueOf(r.getOrDefault("alert", r.get("record")));
        String expr = String.valueOf(r.get("expr"));
        all.add(
            new Expression(
                file.getFileName() + ": " + name,
                r.containsKey("alert") ? withoutThreshold(expr) : expr));
      }
    }
    return all;
  }

  /** Grafana's variables replaced as the class comment says. */
  static String substitute(String expr) {
    return expr.replaceAll("\\$\\{?__(rate_interval|interval|range)\\}?", "1m")
        .replaceAll("(!?)=~?\\s*\"\\$\\{?\\w+\\}?\"", "$1=~\".*\"")
        .replaceAll("\\$\\{?\\w+\\}?", ".*");
  }

  /** {@code X > 5} is {@code X}: cut at the first comparison outside brackets and quotes. */
  static String withoutThreshold(String expr) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if ("({[".indexOf(c) >= 0) {
        depth++;
      } else if (")}]".indexOf(c) >= 0) {
        depth--;
      } else if (depth == 0 && isComparison(expr, i)) {
        return expr.substring(0, i).strip();
      }
    }
    return expr.strip();
  }

  private static boolean isComparison(String expr, int i) {
    char c = expr.charAt(i);
    char next = i + 1 < expr.length() ? expr.charAt(i + 1) : 0;
    return c == '>' || c == '<' || (c == '=' && next == '=') || (c == '!' && next == '=');
  }
}
