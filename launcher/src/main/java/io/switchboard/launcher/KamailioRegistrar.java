package io.switchboard.launcher;

import io.switchboard.testkit.kamailio.Kamailio;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's Kamailio running the shipped sample (deploy/kamailio/registrar.cfg) as a child process,
 * its pid file, control socket and log in the data folder; killed with the demo.
 */
public final class KamailioRegistrar implements Registrar {
  private final Kamailio kamailio;

  private KamailioRegistrar(Kamailio kamailio) {
    this.kamailio = kamailio;
  }

  /** The binary, when installed and the sample is found from the working folder. */
  static Optional<Path> installed() {
    return Kamailio.find("kamailio").filter(b -> Files.exists(Kamailio.SAMPLE));
  }

  /**
   * Starts the sample through a configuration of the demo's that defines the secret and includes
   * it: on the command line the secret would show in every user's process list.
   */
  static KamailioRegistrar start(Path binary, int port, String secret, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("demo.cfg");
    Path temp =
        Files.createTempFile(
            dir,
            "demo.cfg",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        temp,
        "#!KAMAILIO\n#!define AUTH_SECRET \""
            + secret
            + "\"\ninclude_file \""
            + Kamailio.SAMPLE.toAbsolutePath().normalize()
            + "\"\n");
    Files.move(temp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new KamailioRegistrar(
        Kamailio.start(config, new InetSocketAddress("127.0.0.1", port), Map.of(), dir, binary));
  }

  public Kamailio kamailio() {
    return kamailio;
  }

  @Override
  public String address() {
    return kamailio.address();
  }

  @Override
  public String description() {
    return "Kamailio ("
        + Kamailio.SAMPLE.toAbsolutePath().normalize()
        + ", log in the data folder)";
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
