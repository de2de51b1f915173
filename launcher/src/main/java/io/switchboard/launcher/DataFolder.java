package io.switchboard.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The demo's data folder: Kafka's log, the nodes' folders and the demo's generated secrets, each
 * kept in a file so that a restarted demo (whose Kafka keeps its data) finds the same one.
 */
final class DataFolder {
  private final Path root;

  DataFolder(Path root) throws IOException {
    this.root = Files.createDirectories(root.toAbsolutePath());
  }

  Path root() {
    return root;
  }

  Path resolve(String name) {
    return root.resolve(name);
  }

  /** A random 32-byte secret as hex, kept in the file {@code name}; printed nowhere. */
  String hexSecret(String name) {
    return secret(name, HexFormat.of()::formatHex);
  }

  /** A random 32-byte key as base64 (an AES-256 key), kept in the file {@code name}. */
  String base64Key(String name) {
    return secret(name, Base64.getEncoder()::encodeToString);
  }

  /** Writes {@code content} to the file {@code name} whole or not at all; its path. */
  Path write(String name, String content) throws IOException {
    Path temp = Files.createTempFile(root, name, ".tmp");
    Files.writeString(temp, content);
    return Files.move(temp, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private String secret(String name, Function<byte[], String> encoding) {
    Path file = root.resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = encoding.apply(bytes);
      Path temp = Files.createTempFile(root, name, ".tmp");
      Files.writeString(temp, secret + "\n");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot keep the demo's " + name + " under " + root + ": " + e.getMessage(), e);
    }
  }
}
