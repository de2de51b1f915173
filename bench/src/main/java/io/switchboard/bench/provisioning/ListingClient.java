package io.switchboard.bench.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Lists the users {@code calls} times, one call after the other, and measures each from the request
 * to the last byte of the answer. {@link ProvisioningLoadRun} runs it inside its own JVM (beside
 * the broker, the gateways and the simulated nodes) and, through {@link #main}, as a process of its
 * own, as an operator's client would be.
 */
final class ListingClient {
  static final int WARM_UP = 20;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI uri;
  private final String token;

  ListingClient(URI uri, String token) {
    this.uri = uri;
    this.token = token;
  }

  /** p50, p99 and max in ms of {@code calls} listings, then the size of the last answer. */
  double[] list(int calls) throws Exception {
    long[] nanos = new long[calls];
    long size = 0;
    for (int i = 0; i < calls; i++) {
      long started = System.nanoTime();
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofMinutes(5))
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      nanos[i] = System.nanoTime() - started;
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      size = response.body().length;
    }
    Arrays.sort(nanos);
    return new double[] {
      nanos[(int) Math.ceil(0.50 * calls) - 1] / 1e6,
      nanos[(int) Math.ceil(0.99 * calls) - 1] / 1e6,
      nanos[calls - 1] / 1e6,
      size
    };
  }

  /**
   * {@code <url> <calls>}, the admin token in the environment ({@code ADMIN_TOKEN}, not on the
   * command line where {@code ps} shows it); prints {@code p50 p99 max bytes}. A fresh JVM's first
   * calls load and compile the HTTP client: {@link #WARM_UP} calls go first, not measured.
   */
  public static void main(String[] args) throws Exception {
    ListingClient client = new ListingClient(URI.create(args[0]), System.getenv("ADMIN_TOKEN"));
    client.list(WARM_UP);
    double[] listed = client.list(Integer.parseInt(args[1]));
    System.out.printf(
        Locale.ROOT, "%.3f %.3f %.3f %d%n", listed[0], listed[1], listed[2], (long) listed[3]);
  }
}
