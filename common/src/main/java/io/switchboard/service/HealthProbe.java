package io.switchboard.service;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * A container's health check: asks the service's own {@code /health/ready} on its management port
 * and exits 0 when it answers 200, 1 otherwise. A HEALTHCHECK should not rely on curl or wget being
 * in the base image, and a JRE cannot run a Java source file (it has no compiler), so the probe
 * ships in every service's jar: {@code java -cp service.jar io.switchboard.service.HealthProbe}.
 *
 * <p>It reads {@code MANAGEMENT_HOST} and {@code MANAGEMENT_PORT} from the environment, as the
 * service does; a wildcard host is asked on loopback.
 */
public final class HealthProbe {
  private static final int TIMEOUT_MILLIS = 3000;

  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(probe(target(System.getenv())));
  }

  /** The readiness address of the service configured by {@code env}. */
  public static URI target(Map<String, String> env) {
    String host = env.getOrDefault(CommonSettings.MANAGEMENT_HOST.name(), "127.0.0.1");
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String port = env.getOrDefault(CommonSettings.MANAGEMENT_PORT.name(), "9400");
    return URI.create("http://" + host + ":" + port.trim() + "/health/ready");
  }

  /** 0 when {@code ready} answers 200, 1 on any other answer or none (said on stderr). */
  public static int probe(URI ready) {
    try {
      int status = status(ready);
      if (status == 200) {
        return 0;
      }
      System.err.println(ready + " answered " + status);
      return 1;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(ready + ": " + e);
      return 1;
    }
  }

  /** Whether {@code uri} answers a GET with 200, quietly: for waiting until a service is up. */
  public static boolean answersOk(URI uri) {
    try {
      return status(uri) == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static int status(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }
}
