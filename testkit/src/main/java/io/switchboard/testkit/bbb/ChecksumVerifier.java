package io.switchboard.testkit.bbb;

import java.util.Optional;
import java.util.Set;

/**
 * bbb-web's checksum check: {@code hex(HASH(callName + queryString + secret))} where the query
 * string is the raw request query string with the checksum parameter cut out as text
 * (bbb-common-web GetChecksum.removeChecksumFromQueryString), and HASH is chosen by the checksum's
 * length among the allowed algorithms (GetChecksumValidator). A POST with its parameters in the
 * body is therefore checked against the URL's query string only, which is usually empty (BBB API
 * docs, "API Security Model").
 */
final class ChecksumVerifier {

  enum Outcome {
    VALID,
    MISSING,
    MISMATCH
  }

  private final String secret;
  private final Set<ChecksumAlgorithm> allowed;

  ChecksumVerifier(String secret, Set<ChecksumAlgorithm> allowed) {
    this.secret = secret;
    this.allowed = Set.copyOf(allowed);
  }

  /**
   * @param ignoreCase the validation framework (meeting calls) compares case-insensitively; the
   *     older ParamsProcessorUtil.isChecksumSame (recording calls) does not
   */
  Outcome verify(String call, String rawQuery, String checksum, boolean ignoreCase) {
    if (checksum == null || checksum.isEmpty()) {
      return Outcome.MISSING;
    }
    Optional<ChecksumAlgorithm> algorithm =
        ChecksumAlgorithm.forHexLength(checksum.length()).filter(allowed::contains);
    if (algorithm.isEmpty()) {
      return Outcome.MISMATCH;
    }
    String query =
        ApiRequest.sanitize(rawQuery)
            .replace("&checksum=" + checksum, "")
            .replace("checksum=" + checksum + "&", "")
            .replace("checksum=" + checksum, "");
    String expected = algorithm.get().hex(call + query + secret);
    boolean same = ignoreCase ? expected.equalsIgnoreCase(checksum) : expected.equals(checksum);
    return same ? Outcome.VALID : Outcome.MISMATCH;
  }
}
