package io.switchboard.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named readiness conditions of a service (Kafka reachable, state rebuilt, socket connected...). A
 * service is ready when every registered condition holds; liveness only says the process and its
 * event loop answer.
 */
public final class HealthChecks {
  private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

  public HealthChecks register(String name, BooleanSupplier ready) {
    checks.put(name, ready);
    return this;
  }

  /** Each condition's current value, in name order. */
  public Map<String, Boolean> evaluate() {
    Map<String, Boolean> result = new LinkedHashMap<>();
    checks.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              boolean ok;
              try {
                ok = checks.get(name).getAsBoolean();
              } catch (RuntimeException e) {
                ok = false;
              }
              result.put(name, ok);
            });
    return result;
  }

  public boolean ready() {
    return evaluate().values().stream().allMatch(Boolean::booleanValue);
  }
}
