package io.switchboard.launcher;

import io.switchboard.testkit.kamailio.Kamailio;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's Kamailio running the shipped sample (deploy/kamailio/registrar.cfg) as a child process,
 * its pid file, control socket and log in the data folder; killed with the demo.
 */
final class KamailioRegistrar implements Registrar {
  private final Kamailio kamailio;

  private KamailioRegistrar(Kamailio kamailio) {
    this.kamailio = kamailio;
  }

  /** The binary, when installed and the sample is found from the working folder. */
  static Optional<Path> installed() {
    return Kamailio.find("kamailio").filter(b -> Files.exists(Kamailio.SAMPLE));
  }

  static KamailioRegistrar start(Path binary, int port, String secret, Path dir)
      throws Exception {
    return new KamailioRegistrar(
        Kamailio.start(
            Kamailio.SAMPLE,
            new InetSocketAddress("127.0.0.1", port),
            Map.of("AUTH_SECRET", "\"" + secret + "\""),
            dir,
            binary));
  }

  Kamailio kamailio() {
    return kamailio;
  }

  @Override
  public String address() {
    return kamailio.address();
  }

  @Override
  public String description() {
    return "Kamailio (" + Kamailio.SAMPLE.toAbsolutePath().normalize() + ", log in the data folder)";
  }

  @Override
  public void close() {
    try {
      kamailio.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
