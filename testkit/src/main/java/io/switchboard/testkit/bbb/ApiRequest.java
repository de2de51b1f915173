package io.switchboard.testkit.bbb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API request: the call name, the query string exactly as sent (the checksum is computed over
 * it), and the decoded parameters of query string and form body merged as a servlet container
 * merges them (query values first).
 */
record ApiRequest(
    String call,
    String method,
    String rawQuery,
    Map<String, List<String>> params,
    String contentType,
    boolean bodyPresent) {

  /** First value of a parameter as sent, or null: Grails' {@code params.name}. */
  String raw(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * First value with control characters removed and whitespace trimmed, as ValidationService sees
   * it.
   */
  String sanitized(String name) {
    return sanitize(raw(name));
  }

  boolean isEmpty(String name) {
    String value = raw(name);
    return value == null || value.isEmpty();
  }

  /**
   * bbb-common-web ParamsUtil.sanitizeString, as far as this simulator needs it: control characters
   * out, surrounding whitespace off.
   */
  static String sanitize(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(out::appendCodePoint);
    return out.toString().strip();
  }

  /**
   * Decodes a query string or form body. A pair whose percent-encoding is broken is dropped, as
   * Tomcat drops parameters it cannot decode.
   */
  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params
            .computeIfAbsent(
                URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        // skipped on purpose, see above
      }
    }
    return params;
  }

  static Map<String, List<String>> immutableCopy(Map<String, List<String>> params) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    params.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
