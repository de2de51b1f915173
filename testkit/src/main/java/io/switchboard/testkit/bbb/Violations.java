package io.switchboard.testkit.bbb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validation errors of one request, reported the way bbb-web reports them: its ValidationService
 * collects constraint violations into a {@link HashMap} keyed by message key (a later violation
 * with the same key replaces the message), and ApiController answers with the first entry that map
 * iterates. Using a HashMap here reproduces which error BBB picks when several apply.
 */
final class Violations {
  private final Map<String, String> byKey = new HashMap<>();

  void add(String key, String message) {
    byKey.put(key, message);
  }

  Optional<Map.Entry<String, String>> first() {
    return byKey.entrySet().stream().findFirst();
  }

  /** The response bbb-web gives for the first violation, as an api-error document. */
  Optional<ApiResponse> asFailure() {
    return first().map(entry -> ApiResponse.failed(entry.getKey(), entry.getValue()));
  }
}
