package io.switchboard.balancer.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digests BigBlueButton accepts for an API checksum, told apart only by the length of the hex
 * string the client sends (bbb-common-web GetChecksumValidator: 40, 64, 96, 128).
 */
public enum ChecksumAlgorithm {
  SHA1("SHA-1", 40),
  SHA256("SHA-256", 64),
  SHA384("SHA-384", 96),
  SHA512("SHA-512", 128);

  private final String jdkName;
  private final int hexLength;

  ChecksumAlgorithm(String jdkName, int hexLength) {
    this.jdkName = jdkName;
    this.hexLength = hexLength;
  }

  public static Optional<ChecksumAlgorithm> forHexLength(int length) {
    for (ChecksumAlgorithm a : values()) {
      if (a.hexLength == length) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** {@code sha1}, {@code SHA-256}, {@code sha384}... as operators write them. */
  public static Optional<ChecksumAlgorithm> parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
    for (ChecksumAlgorithm a : values()) {
      if (a.name().equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The digest of the UTF-8 bytes of {@code text}. */
  public byte[] digest(String text) {
    try {
      return MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime provides " + jdkName, e);
    }
  }

  public String hex(String text) {
    return HexFormat.of().formatHex(digest(text));
  }
}
