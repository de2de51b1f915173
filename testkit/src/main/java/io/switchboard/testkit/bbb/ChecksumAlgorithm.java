package io.switchboard.testkit.bbb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digests BigBlueButton accepts for an API checksum. BBB tells them apart only by the length of
 * the hex string the client sends (bbb-common-web GetChecksumValidator: 40, 64, 96, 128), and lets
 * the operator switch each one off through {@code supportedChecksumAlgorithms}.
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

  /** The algorithm BBB would assume for a checksum of this length, if any. */
  public static Optional<ChecksumAlgorithm> forHexLength(int length) {
    for (ChecksumAlgorithm algorithm : values()) {
      if (algorithm.hexLength == length) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** Lower-case hex digest of the UTF-8 bytes of {@code text}. */
  public String hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance(jdkName);
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime provides " + jdkName, e);
    }
  }
}
