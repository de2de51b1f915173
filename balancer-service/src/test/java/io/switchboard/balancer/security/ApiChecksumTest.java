package io.switchboard.balancer.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiChecksumTest {
  private static final String QUERY = "name=Demo+Meeting&meetingID=demo%20one&record=false";

  private static String checksum(ChecksumAlgorithm a, String call, String query, String secret) {
    return a.hex(call + query + secret);
  }

  @Test
  void everyAlgorithmIsRecognisedByLength() {
    ApiChecksum verifier =
        new ApiChecksum(List.of("secret"), EnumSet.allOf(ChecksumAlgorithm.class));
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String c = checksum(a, "create", QUERY, "secret");
      assertTrue(verifier.verify("create", QUERY + "&checksum=" + c, c), a.name());
      assertTrue(
          verifier.verify("create", "checksum=" + c + "&" + QUERY, c), a + " checksum first");
      assertTrue(
          verifier.verify("create", QUERY + "&checksum=" + c.toUpperCase(), c.toUpperCase()),
          a + " upper case");
    }
  }

  @Test
  void wrongCallWrongSecretOrTamperedQueryFail() {
    ApiChecksum verifier =
        new ApiChecksum(List.of("secret"), EnumSet.allOf(ChecksumAlgorithm.class));
    String c = checksum(ChecksumAlgorithm.SHA256, "create", QUERY, "secret");
    assertFalse(verifier.verify("join", QUERY + "&checksum=" + c, c));
    assertFalse(verifier.verify("create", QUERY + "x&checksum=" + c, c));
    String other = checksum(ChecksumAlgorithm.SHA256, "create", QUERY, "other");
    assertFalse(verifier.verify("create", QUERY + "&checksum=" + other, other));
    assertFalse(verifier.verify("create", QUERY, null));
    assertFalse(
        verifier.verify("create", QUERY + "&checksum=abc", "abc"), "no algorithm has 3 hex digits");
    String notHex = "z".repeat(40);
    assertFalse(verifier.verify("create", QUERY + "&checksum=" + notHex, notHex));
  }

  @Test
  void aDisabledAlgorithmIsRefused() {
    ApiChecksum verifier = new ApiChecksum(List.of("secret"), EnumSet.of(ChecksumAlgorithm.SHA256));
    String sha1 = checksum(ChecksumAlgorithm.SHA1, "create", QUERY, "secret");
    assertFalse(verifier.verify("create", QUERY + "&checksum=" + sha1, sha1));
  }

  @Test
  void everyConfiguredSecretIsValidDuringRotation() {
    ApiChecksum verifier =
        new ApiChecksum(List.of("new", "old"), EnumSet.allOf(ChecksumAlgorithm.class));
    for (String secret : List.of("new", "old")) {
      String c = checksum(ChecksumAlgorithm.SHA1, "getMeetings", "", secret);
      assertTrue(verifier.verify("getMeetings", "checksum=" + c, c), secret);
    }
  }
}
