package io.switchboard.launcher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BBB API calls to the balancer, signed with its secret as a front end signs them. */
final class BbbApiClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String secret;

  BbbApiClient(String base, String secret) {
    this.base = base;
    this.secret = secret;
  }

  /** Calls {@code call} with {@code params} (name, value, ...); the answer's XML. */
  String call(String call, String... params) throws Exception {
    Map<String, String> query = new LinkedHashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      query.put(params[i], params[i + 1]);
    }
    StringBuilder text = new StringBuilder();
    query.forEach(
        (k, v) ->
            text.append(text.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String checked = text.toString();
    String url =
        base
            + "/"
            + call
            + "?"
            + checked
            + (checked.isEmpty() ? "" : "&")
            + "checksum="
            + sha256(call + checked + secret);
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The text of the first {@code <element>} of {@code xml}, or null. */
  static String element(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  static boolean succeeded(String xml) {
    return "SUCCESS".equals(element(xml, "returncode"));
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
