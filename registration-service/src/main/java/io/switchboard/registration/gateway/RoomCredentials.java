package io.switchboard.registration.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A room's registration credentials in Kamailio auth_ephemeral's scheme, so that the registrar
 * checks them with the shared secret alone, without a database: the username is {@code
 * <expiry>:<room>} (auth_ephemeral's default {@code username_format} 1), the password {@code
 * base64(HMAC(secret, username))} with the module's {@code sha_algorithm}
 * (src/modules/auth_ephemeral/authorize.c, get_pass). The expiry (epoch seconds) bounds how long a
 * leaked password is worth anything.
 */
public final class RoomCredentials {
  /** The username and password of one room; never logged, published or answered by the API. */
  public record Credentials(String username, String password, long expiresAt) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=(hidden)]";
    }
  }

  private final SecretKeySpec key;
  private final String algorithm;
  private final Duration lifetime;

  /**
   * @param secrets the configured secrets; the first signs (the registrar tries them all)
   * @param hmac sha1, sha256, sha384 or sha512
   */
  public RoomCredentials(List<String> secrets, String hmac, Duration lifetime) {
    this.algorithm = "Hmac" + hmac.toUpperCase(Locale.ROOT);
    this.key = new SecretKeySpec(secrets.get(0).getBytes(StandardCharsets.UTF_8), algorithm);
    this.lifetime = lifetime;
  }

  /** Credentials for {@code room} issued at {@code nowMillis}. */
  public Credentials issue(String room, long nowMillis) {
    long expiresAt = nowMillis / 1000 + lifetime.toSeconds();
    String username = expiresAt + ":" + room;
    return new Credentials(username, password(username), expiresAt * 1000);
  }

  private String password(String username) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
