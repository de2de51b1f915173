package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ConfigException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
  static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());

  @Test
  void sealsWithoutTheSecretInClearAndOpensAgain() {
    SecretSealer sealer = SecretSealer.fromKeys(List.of(KEY_A));
    String sealed = sealer.seal("bbb-shared-secret");
    assertTrue(sealed.startsWith("gcm1."), sealed);
    assertFalse(sealed.contains("bbb-shared-secret"));
    assertEquals("bbb-shared-secret", sealer.open(sealed));
    assertFalse(sealed.equals(sealer.seal("bbb-shared-secret")), "a fresh nonce every time");
  }

  @Test
  void anOlderKeyStillOpensWhatItSealed() {
    String old = SecretSealer.fromKeys(List.of(KEY_B)).seal("s3cret");
    SecretSealer rotated = SecretSealer.fromKeys(List.of(KEY_A, KEY_B));
    assertEquals("s3cret", rotated.open(old));
    assertEquals(
        "s3cret",
        SecretSealer.fromKeys(List.of(KEY_A)).open(rotated.seal("s3cret")),
        "new values use the first key");
    SecretSealer.SealException unknown =
        assertThrows(
            SecretSealer.SealException.class,
            () -> SecretSealer.fromKeys(List.of(KEY_A)).open(old));
    assertTrue(unknown.getMessage().contains("not among BALANCER_STATE_KEY"), unknown.getMessage());
  }

  @Test
  void tamperingIsDetected() {
    SecretSealer sealer = SecretSealer.fromKeys(List.of(KEY_A));
    String sealed = sealer.seal("secret");
    // A character inside the data: the last one of unpadded base64 may carry only unused bits.
    int at = sealed.length() - 6;
    String tampered =
        sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThrows(SecretSealer.SealException.class, () -> sealer.open(tampered));
    assertThrows(SecretSealer.SealException.class, () -> sealer.open("plain"));
  }

  @Test
  void errorsNameTheSettingTheKeysCameFrom() {
    String old = SecretSealer.fromKeys("COMMAND_SEAL_KEY", List.of(KEY_B)).seal("x");
    SecretSealer.SealException unknown =
        assertThrows(
            SecretSealer.SealException.class,
            () -> SecretSealer.fromKeys("COMMAND_SEAL_KEY", List.of(KEY_A)).open(old));
    assertTrue(unknown.getMessage().contains("not among COMMAND_SEAL_KEY*"), unknown.getMessage());
    ConfigException none =
        assertThrows(
            ConfigException.class, () -> SecretSealer.fromKeys("COMMAND_SEAL_KEY", List.of()));
    assertEquals("COMMAND_SEAL_KEY is not set", none.getMessage());
  }

  @Test
  void badKeysAreNamed() {
    ConfigException size =
        assertThrows(
            ConfigException.class,
            () -> SecretSealer.fromKeys(List.of(Base64.getEncoder().encodeToString(new byte[10]))));
    assertTrue(
        size.getMessage().contains("BALANCER_STATE_KEY must decode to 16, 24 or 32 bytes"),
        size.getMessage());
    assertThrows(ConfigException.class, () -> SecretSealer.fromKeys(List.of("not base64 !")));
  }
}
