package io.switchboard.security;

import io.switchboard.config.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (BBB shared secrets, meeting passwords) before they go onto a shared topic: AES-GCM
 * with a random 96-bit nonce, written as {@code gcm1.<keyid>.<base64(nonce|ciphertext)>}. The key
 * id is derived from the key itself, so an older key (BALANCER_STATE_KEY_1, ...) still opens what
 * it sealed while every new value is sealed with the first key.
 */
public final class SecretSealer {
  private static final String PREFIX = "gcm1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String setting;
  private final String currentId;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  private SecretSealer(String setting, String currentId, Map<String, SecretKeySpec> keys) {
    this.setting = setting;
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * The balancer's {@code BALANCER_STATE_KEY}, {@code _1}, ... ({@link #fromKeys(String, List)}).
   */
  public static SecretSealer fromKeys(List<String> base64Keys) {
    return fromKeys("BALANCER_STATE_KEY", base64Keys);
  }

  /**
   * The first key seals; all of them open. Each is base64 of 16, 24 or 32 bytes. {@code setting}
   * names the keys' setting in errors.
   */
  public static SecretSealer fromKeys(String setting, List<String> base64Keys) {
    if (base64Keys.isEmpty()) {
      throw new ConfigException(setting + " is not set");
    }
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (int i = 0; i < base64Keys.size(); i++) {
      String name = i == 0 ? setting : setting + " (rotation entry " + i + ")";
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(base64Keys.get(i).trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name + " is not valid base64");
      }
      if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
        throw new ConfigException(name + " must decode to 16, 24 or 32 bytes, got " + raw.length);
      }
      keys.put(keyId(raw), new SecretKeySpec(raw, "AES"));
    }
    return new SecretSealer(setting, keys.keySet().iterator().next(), Map.copyOf(keys));
  }

  /** Eight hex digits of SHA-256 over the key: names a key without revealing it. */
  private static String keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String seal(String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(currentId.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return PREFIX
          + currentId
          + "."
          + Base64.getEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java 17 runtime", e);
    }
  }

  /**
   * Opens a sealed value; fails naming the reason (unknown key, tampered) but never the content.
   */
  public String open(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new SealException("not a sealed value (expected gcm1.<keyid>.<data>)");
    }
    int dot = sealed.indexOf('.', PREFIX.length());
    if (dot < 0) {
      throw new SealException("sealed value has no key id");
    }
    String id = sealed.substring(PREFIX.length(), dot);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new SealException("sealed with key " + id + ", which is not among " + setting + "*");
    }
    try {
      byte[] data = Base64.getDecoder().decode(sealed.substring(dot + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.US_ASCII));
      return new String(
          cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SealException(
          "sealed value with key " + id + " does not open (corrupt or tampered)");
    }
  }

  /** A sealed value that cannot be opened. */
  public static final class SealException extends RuntimeException {
    SealException(String message) {
      super(message);
    }
  }
}
