package io.switchboard.balancer.api;

import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.tenant.ParamPolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One BBB API request to the balancer: the call name, the raw query string (what the checksum
 * signs), and the parameters of query and form body merged, query values first, as a servlet
 * container merges them.
 */
record ApiCall(
    String name,
    HttpMethod method,
    String rawQuery,
    Map<String, List<String>> params,
    Buffer body,
    String contentType,
    Scope scope) {

  static final String FORM = "application/x-www-form-urlencoded";

  static ApiCall of(
      String name, HttpMethod method, String rawQuery, Buffer body, String contentType) {
    String query = rawQuery == null ? "" : rawQuery;
    Map<String, List<String>> params = parse(query);
    if (isForm(body, contentType)) {
      parse(body.toString(StandardCharsets.UTF_8))
          .forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    return new ApiCall(name, method, query, params, body, contentType, Scope.WHOLE_POOL);
  }

  /**
   * This call as the servers must see it within {@code scope}: for a tenant, see {@link #inTenant};
   * for the balancer's own secret unchanged, only limited in what it reaches.
   */
  ApiCall in(Scope scope) {
    if (!scope.namespace().isEmpty()) {
      return inTenant(scope);
    }
    return new ApiCall(name, method, rawQuery, params, body, contentType, scope);
  }

  /** The tenant's namespace ({@code <tenant>~}), empty for the balancer's own secret. */
  String namespace() {
    return scope.namespace();
  }

  /**
   * This call as the servers must see it for a tenant: every meetingID (getRecordings takes a
   * comma-separated list) carries {@code namespace}, and all parameters travel in the URL query
   * (already checked, so without the client's checksum); a document body stays the body.
   */
  private ApiCall inTenant(Scope tenant) {
    String namespace = tenant.namespace();
    Map<String, List<String>> scoped = new LinkedHashMap<>();
    params.forEach(
        (k, values) -> {
          if (k.equals("checksum")) {
            return;
          }
          scoped.put(
              k,
              k.equals("meetingID")
                  ? values.stream().map(v -> namespaced(v, namespace)).toList()
                  : values);
        });
    return rebuilt(scoped, tenant);
  }

  /**
   * This call after {@code policy}: excluded parameters dropped, defaults added where missing,
   * overrides set; a {@code duration} over {@code maxDurationMinutes} (or 0, BBB's "no limit") cut
   * to it. Unchanged when there is nothing to do, so a balancer without policies forwards exactly
   * what it was sent.
   */
  ApiCall withPolicy(ParamPolicy policy, int maxDurationMinutes) {
    if (policy.isEmpty() && maxDurationMinutes == 0) {
      return this;
    }
    Map<String, List<String>> changed = new LinkedHashMap<>();
    params.forEach(
        (k, values) -> {
          if (!k.equals("checksum") && !policy.excluded().contains(k)) {
            changed.put(k, values);
          }
        });
    policy.defaults().forEach((k, v) -> changed.putIfAbsent(k, List.of(v)));
    policy.overrides().forEach((k, v) -> changed.put(k, List.of(v)));
    if (maxDurationMinutes > 0) {
      int asked = duration(changed.get("duration"));
      if (asked <= 0 || asked > maxDurationMinutes) {
        changed.put("duration", List.of(Integer.toString(maxDurationMinutes)));
      }
    }
    return rebuilt(changed, scope);
  }

  /** BBB's duration, minutes; anything it would not read as a number counts as none (0). */
  private static int duration(List<String> values) {
    try {
      return values == null || values.isEmpty() ? 0 : Integer.parseInt(values.get(0).strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private ApiCall rebuilt(Map<String, List<String>> changed, Scope scope) {
    StringBuilder query = new StringBuilder();
    changed.forEach((k, values) -> values.forEach(v -> append(query, k, v)));
    Buffer document = documentBody();
    return new ApiCall(
        name,
        method,
        query.toString(),
        changed,
        document,
        document == null ? null : contentType,
        scope);
  }

  private static String namespaced(String meetingIds, String namespace) {
    if (meetingIds.strip().isEmpty()) {
      return meetingIds;
    }
    StringBuilder out = new StringBuilder();
    for (String id : meetingIds.split(",", -1)) {
      out.append(out.length() == 0 ? "" : ",").append(namespace).append(id.strip());
    }
    return out.toString();
  }

  /** True for a meeting ID as the servers know it that this call may reach (see Scope). */
  boolean owns(String serverMeetingId) {
    return scope.owns(serverMeetingId);
  }

  String param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0).strip();
  }

  boolean has(String name) {
    String v = param(name);
    return v != null && !v.isEmpty();
  }

  String checksum() {
    return param("checksum");
  }

  /** The raw query with the checksum cut out as text, ready to be signed for a server. */
  String unsignedQuery() {
    String checksum = checksum();
    return checksum == null ? rawQuery : ApiChecksum.withoutChecksum(rawQuery, checksum);
  }

  boolean formBody() {
    return isForm(body, contentType);
  }

  private static boolean isForm(Buffer body, String contentType) {
    return body != null && body.length() > 0 && FORM.equals(contentType);
  }

  /**
   * The string BBB checks the checksum against: the URL's raw query, or, when the URL has none, the
   * parameters rebuilt from the form body as bbb-common-web ValidationService does
   * (ValidationService.java:97, buildQueryStringFromParamsMap, bigbluebutton/bigbluebutton
   * 14c1b719): names sorted, the checksum left out, each value sanitized and URL-encoded (UTF-8,
   * space as '+'), the name as it came.
   */
  String checkedString() {
    if (!rawQuery.isEmpty()) {
      return rawQuery;
    }
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    params.forEach(
        (k, values) -> sorted.computeIfAbsent(sanitize(k), x -> new ArrayList<>()).addAll(values));
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (k, values) -> {
          if (!k.equals("checksum")) {
            for (String v : values) {
              out.append(out.length() == 0 ? "" : "&")
                  .append(k)
                  .append('=')
                  .append(URLEncoder.encode(sanitize(v), StandardCharsets.UTF_8));
            }
          }
        });
    return out.toString();
  }

  /**
   * bbb-common-web ParamsUtil.sanitizeString as ValidationService applies it to every name and
   * value: control characters out, surrounding whitespace off.
   */
  static String sanitize(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(out::appendCodePoint);
    return out.toString().strip();
  }

  /**
   * The form body without its checksum: a server gets the balancer's checksum in the URL, and a
   * second one in the body would only be ignored by it.
   */
  Buffer formWithoutChecksum() {
    StringBuilder out = new StringBuilder();
    parse(body.toString(StandardCharsets.UTF_8))
        .forEach(
            (k, values) -> {
              if (!k.equals("checksum")) {
                values.forEach(v -> append(out, k, v));
              }
            });
    return Buffer.buffer(out.toString());
  }

  /** A body that is not a form (a create's pre-upload document), forwarded as is. */
  Buffer documentBody() {
    return body != null && body.length() > 0 && !FORM.equals(contentType) ? body : null;
  }

  /**
   * Every parameter but the checksum, with {@code name} set to {@code value} (null drops it),
   * encoded.
   */
  String encodedWith(String name, String value) {
    StringBuilder out = encodedWithout(Set.of(name));
    if (value != null) {
      append(out, name, value);
    }
    return out.toString();
  }

  /** Every parameter but the checksum and {@code names}, encoded. */
  StringBuilder encodedWithout(Set<String> names) {
    StringBuilder out = new StringBuilder();
    params.forEach(
        (k, values) -> {
          if (!k.equals("checksum") && !names.contains(k)) {
            values.forEach(v -> append(out, k, v));
          }
        });
    return out;
  }

  static void append(StringBuilder out, String name, String value) {
    if (out.length() > 0) {
      out.append('&');
    }
    out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /**
   * Decodes a query string or form body; a pair with broken percent-encoding is dropped, as Tomcat
   * does.
   */
  static Map<String, List<String>> parse(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      } catch (IllegalArgumentException malformed) {
        // dropped on purpose, see above
      }
    }
    return params;
  }
}
