package io.switchboard.balancer.security;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * BBB's API checksum, {@code hex(HASH(callName + queryString + secret))}, where the query string is
 * the raw one with the checksum parameter cut out as text (bbb-common-web
 * GetChecksum.removeChecksumFromQueryString). Verification accepts any of several secrets (for
 * rotation) and compares digests in constant time.
 */
public final class ApiChecksum {
  private final List<String> secrets;
  private final Set<ChecksumAlgorithm> allowed;

  public ApiChecksum(List<String> secrets, Set<ChecksumAlgorithm> allowed) {
    this.secrets = List.copyOf(secrets);
    this.allowed = Set.copyOf(allowed);
  }

  /** True when {@code checksum} signs {@code call} and {@code rawQuery} with one of the secrets. */
  public boolean verify(String call, String rawQuery, String checksum) {
    if (checksum == null || checksum.isEmpty()) {
      return false;
    }
    Optional<ChecksumAlgorithm> algorithm =
        ChecksumAlgorithm.forHexLength(checksum.length()).filter(allowed::contains);
    if (algorithm.isEmpty()) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(checksum.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    String query = withoutChecksum(rawQuery == null ? "" : rawQuery, checksum);
    boolean match = false;
    for (String secret : secrets) {
      // Every secret is tried, so the time taken does not tell which one matched.
      match |= MessageDigest.isEqual(presented, algorithm.get().digest(call + query + secret));
    }
    return match;
  }

  /** The raw query with {@code checksum=...} cut out as text, as the checksum signed it. */
  public static String withoutChecksum(String rawQuery, String checksum) {
    return rawQuery
        .replace("&checksum=" + checksum, "")
        .replace("checksum=" + checksum + "&", "")
        .replace("checksum=" + checksum, "");
  }

  /** {@code query&checksum=...} signed with {@code secret}, as a BBB client sends it. */
  public static String sign(ChecksumAlgorithm algorithm, String call, String query, String secret) {
    String checksum = algorithm.hex(call + query + secret);
    return query.isEmpty() ? "checksum=" + checksum : query + "&checksum=" + checksum;
  }
}
