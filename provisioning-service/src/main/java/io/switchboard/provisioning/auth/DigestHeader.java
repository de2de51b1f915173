package io.switchboard.provisioning.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code Authorization: Digest ...} header (RFC 7616 §3.4): comma-separated
 * {@code name=value} with values as tokens or quoted strings ({@code \} escapes the next
 * character).
 */
final class DigestHeader {
  private static final int MAX_LENGTH = 4096;

  private DigestHeader() {}

  /** The parameters, names in lower case; empty when the header is not a well-formed Digest. */
  static Optional<Map<String, String>> parse(String header) {
    if (header == null
        || header.length() > MAX_LENGTH
        || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    int i = 7;
    int n = header.length();
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
        i++;
      }
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && header.charAt(i) == '"') {
        i++;
        while (i < n && header.charAt(i) != '"') {
          if (header.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(header.charAt(i++));
        }
        if (i >= n) {
          return Optional.empty();
        }
        i++;
      } else {
        while (i < n && header.charAt(i) != ',') {
          value.append(header.charAt(i++));
        }
      }
      if (params.put(name, value.toString().trim()) != null) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
