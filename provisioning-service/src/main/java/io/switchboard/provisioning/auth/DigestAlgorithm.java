package io.switchboard.provisioning.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The hashes RFC 7616 names that clients speak: SHA-256 first, MD5 for older clients (§3.7). */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256"),
  MD5("MD5", "MD5");

  private final String wire;
  private final String jca;

  DigestAlgorithm(String wire, String jca) {
    this.wire = wire;
    this.jca = jca;
  }

  public String wire() {
    return wire;
  }

  /** A header without {@code algorithm} means MD5 (RFC 7616 §3.4). */
  public static Optional<DigestAlgorithm> fromWire(String value) {
    if (value == null) {
      return Optional.of(MD5);
    }
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.wire.equalsIgnoreCase(value)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** Lower-case hex of the hash of {@code text} in UTF-8 (§3.4.1, §4). */
  public String hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jca, e);
    }
  }

  /** The expected {@code response} for qop=auth (§3.4.1). */
  public String response(
      String user, String realm, String password, String method, String uri, DigestHeaderValues v) {
    String ha1 = hex(user + ":" + realm + ":" + password);
    String ha2 = hex(method + ":" + uri);
    return hex(ha1 + ":" + v.nonce() + ":" + v.nc() + ":" + v.cnonce() + ":auth:" + ha2);
  }

  /** The per-request values the response covers. */
  public record DigestHeaderValues(String nonce, String nc, String cnonce) {}
}
