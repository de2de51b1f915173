package io.switchboard.testkit.sip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kamailio's auth_ephemeral scheme as deploy/kamailio/registrar.cfg uses it: the username is {@code
 * <expiry epoch seconds>:<room>}, the password base64(HMAC-SHA1(secret, username)), and the
 * credentials register only the room they name (autheph_check_to).
 */
final class EphemeralCredentials {
  private final byte[] secret;

  EphemeralCredentials(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The password of {@code username}. */
  String password(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
    }
  }

  /** Why {@code username} may not register {@code room} at {@code nowSeconds}; null when it may. */
  static String refusal(String username, String room, long nowSeconds) {
    int colon = username == null ? -1 : username.indexOf(':');
    if (colon <= 0) {
      return "username is not <expiry>:<room>";
    }
    long expiry;
    try {
      expiry = Long.parseLong(username.substring(0, colon));
    } catch (NumberFormatException e) {
      return "username's expiry is not a number";
    }
    if (expiry < nowSeconds) {
      return "credentials expired";
    }
    return username.substring(colon + 1).equals(room) ? null : "credentials are for another room";
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
