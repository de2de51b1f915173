package io.switchboard.balancer.placement;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.balancer.state.ClusterState;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Each meeting's stable dial-in number. Candidate {@code i} of a meeting is derived from a hash of
 * its meetingID and {@code i}, so the same meeting gets the same number every time it is created;
 * when another room holds a candidate the next one is tried. Numbers never start with 0, which some
 * dial plans drop.
 */
public final class VoiceBridges {
  /** Beyond this many taken candidates the pool of numbers is too full to keep probing. */
  public static final int MAX_CANDIDATES = 64;

  private final ClusterState state;
  private final int digits;

  public VoiceBridges(ClusterState state, int digits) {
    this.state = state;
    this.digits = digits;
  }

  public String candidate(String meetingId, int index) {
    byte[] hash = ChecksumAlgorithm.SHA256.digest(meetingId + "\u0000" + index);
    long value = ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
    long low = pow10(digits - 1);
    long span = pow10(digits) - low;
    return Long.toString(low + value % span);
  }

  /** The first candidate from {@code from} on that no other meeting holds here, with its index. */
  public Optional<Candidate> firstFree(String meetingId, int from) {
    for (int i = from; i < MAX_CANDIDATES; i++) {
      String bridge = candidate(meetingId, i);
      Optional<String> owner = state.bridgeOwner(bridge);
      if (owner.isEmpty() || owner.get().equals(meetingId)) {
        return Optional.of(new Candidate(bridge, i));
      }
    }
    return Optional.empty();
  }

  public record Candidate(String voiceBridge, int index) {}

  private static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }
}
