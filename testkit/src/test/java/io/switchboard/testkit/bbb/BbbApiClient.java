package io.switchboard.testkit.bbb;

import java.io.IOException;
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
import java.util.StringJoiner;

/**
 * A BBB API client for tests, written from the BBB API documentation and independent of the
 * simulator's code: checksum = hex(DIGEST(call + query + secret)) over the query string as sent.
 */
final class BbbApiClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String apiUrl;
  private final String secret;

  BbbApiClient(String apiUrl, String secret) {
    this.apiUrl = apiUrl;
    this.secret = secret;
  }

  static String checksum(String jdkAlgorithm, String call, String query, String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance(jdkAlgorithm);
      return HexFormat.of()
          .formatHex(digest.digest((call + query + secret).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** name=value pairs, form-encoded (spaces as +), in the given order. */
  static String query(String... namesAndValues) {
    StringJoiner joiner = new StringJoiner("&");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      joiner.add(
          URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return joiner.toString();
  }

  /** GET signed with SHA-1, the algorithm every BBB accepts by default. */
  HttpResponse<String> get(String call, String query) {
    return getSigned(call, query, "SHA-1");
  }

  HttpResponse<String> getSigned(String call, String query, String jdkAlgorithm) {
    String checksum = checksum(jdkAlgorithm, call, query, secret);
    return getRaw(call, (query.isEmpty() ? "" : query + "&") + "checksum=" + checksum);
  }

  /** GET with this exact query string, nothing added. */
  HttpResponse<String> getRaw(String call, String rawQuery) {
    String url =
        apiUrl + (call.isEmpty() ? "" : "/" + call) + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), Duration.ofSeconds(10));
  }

  HttpResponse<String> getRaw(String call, String rawQuery, Duration timeout)
      throws IOException, InterruptedException {
    String url = apiUrl + "/" + call + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST to {@code call?rawQuery} with the given body. */
  HttpResponse<String> post(String call, String rawQuery, String contentType, String body) {
    String url = apiUrl + "/" + call + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request, Duration.ofSeconds(10));
  }

  String checksumFor(String call, String query) {
    return checksum("SHA-1", call, query, secret);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** create with a name, the given meeting id, and extra parameters; asserts nothing. */
  Xml create(String meetingId, String... extra) {
    String[] all = new String[extra.length + 4];
    all[0] = "name";
    all[1] = "Room " + meetingId;
    all[2] = "meetingID";
    all[3] = meetingId;
    System.arraycopy(extra, 0, all, 4, extra.length);
    return Xml.of(get("create", query(all)));
  }
}
