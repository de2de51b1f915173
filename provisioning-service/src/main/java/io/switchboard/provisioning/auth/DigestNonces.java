package io.switchboard.provisioning.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces of HTTP Digest (RFC 7616 §3.3, §5.4): each carries its issue time and a MAC under a key of
 * this process, so the server holds no state until a nonce is used; a used nonce remembers the
 * highest nonce-count seen, and a count that does not grow is a replay. Confined to the service's
 * context.
 */
public final class DigestNonces {
  /** The answer to a presented nonce. */
  public enum Check {
    VALID,
    /** Issued here but too old (or no room to track it): ask again with stale=true (§3.3). */
    STALE,
    /** Not issued here, or its count was seen before. */
    INVALID
  }

  private static final int RANDOM_BYTES = 12;
  private static final int MAC_BYTES = 16;

  private final byte[] key = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final Duration lifetime;
  private final int maxTracked;
  private final Map<String, Long> lastCount = new HashMap<>();
  private final Map<String, Long> issuedAt = new HashMap<>();

  public DigestNonces(Duration lifetime, int maxTracked) {
    this.lifetime = lifetime;
    this.maxTracked = maxTracked;
    random.nextBytes(key);
  }

  public String issue(long now) {
    ByteBuffer body = ByteBuffer.allocate(8 + RANDOM_BYTES + MAC_BYTES);
    byte[] nonceRandom = new byte[RANDOM_BYTES];
    random.nextBytes(nonceRandom);
    body.putLong(now).put(nonceRandom);
    body.put(mac(Arrays.copyOf(body.array(), 8 + RANDOM_BYTES)));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(body.array());
  }

  /** Checks {@code nonce} and, when valid, records {@code count} as used. */
  public Check use(String nonce, long count, long now) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Check.INVALID;
    }
    if (raw.length != 8 + RANDOM_BYTES + MAC_BYTES
        || !MessageDigest.isEqual(
            mac(Arrays.copyOf(raw, 8 + RANDOM_BYTES)),
            Arrays.copyOfRange(raw, 8 + RANDOM_BYTES, raw.length))) {
      return Check.INVALID;
    }
    long issued = ByteBuffer.wrap(raw).getLong();
    if (now - issued > lifetime.toMillis() || issued > now) {
      lastCount.remove(nonce);
      issuedAt.remove(nonce);
      return Check.STALE;
    }
    Long last = lastCount.get(nonce);
    if (last == null) {
      forgetExpired(now);
      if (lastCount.size() >= maxTracked) {
        return Check.STALE;
      }
    } else if (count <= last) {
      return Check.INVALID;
    }
    lastCount.put(nonce, count);
    issuedAt.put(nonce, issued);
    return Check.VALID;
  }

  /** An expired nonce is refused by its time alone: its count need not be kept. */
  private void forgetExpired(long now) {
    Iterator<Map.Entry<String, Long>> it = issuedAt.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (now - e.getValue() > lifetime.toMillis()) {
        lastCount.remove(e.getKey());
        it.remove();
      }
    }
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(data), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }
}
