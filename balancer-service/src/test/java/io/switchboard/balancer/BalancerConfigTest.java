package io.switchboard.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerConfigTest {
  static final String KEY = Base64.getEncoder().encodeToString(new byte[16]);

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    env.put("BALANCER_SECRET", "s1");
    env.put("BALANCER_STATE_KEY", KEY);
    return env;
  }

  private static BalancerConfig load(Map<String, String> env) {
    return BalancerConfig.from(Config.of(env));
  }

  @Test
  void defaults() {
    BalancerConfig c = load(minimal());
    assertEquals(8090, c.httpPort());
    assertEquals(EnumSet.allOf(ChecksumAlgorithm.class), c.checksumAlgorithms());
    assertEquals(5, c.voiceBridgeDigits());
    assertFalse(c.honourVoiceBridge());
    assertTrue(c.instanceId().startsWith("balancer-"));
    assertFalse(c.toString().contains("s1"), "no secret in toString");
  }

  @Test
  void rotatedSecretsAreAllKept() {
    Map<String, String> env = minimal();
    env.put("BALANCER_SECRET_2", "s3");
    env.put("BALANCER_SECRET_1", "s2");
    env.put("BALANCER_CHECKSUM_ALGORITHMS", "sha256, SHA-512");
    BalancerConfig c = load(env);
    assertEquals(List.of("s1", "s2", "s3"), c.secrets());
    assertEquals(
        EnumSet.of(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA512), c.checksumAlgorithms());
  }

  @Test
  void missingOrBadKeysAreNamed() {
    for (String key : List.of("BALANCER_SECRET", "BALANCER_STATE_KEY", "KAFKA_BOOTSTRAP_SERVERS")) {
      Map<String, String> env = minimal();
      env.remove(key);
      ConfigException e = assertThrows(ConfigException.class, () -> load(env));
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
    Map<String, String> env = minimal();
    env.put("BALANCER_CHECKSUM_ALGORITHMS", "md5");
    assertTrue(assertThrows(ConfigException.class, () -> load(env)).getMessage().contains("md5"));
    Map<String, String> digits = minimal();
    digits.put("BALANCER_VOICE_BRIDGE_DIGITS", "12");
    assertTrue(
        assertThrows(ConfigException.class, () -> load(digits))
            .getMessage()
            .contains("BALANCER_VOICE_BRIDGE_DIGITS"));
    Map<String, String> port = minimal();
    port.put("HTTP_PORT", "x");
    assertTrue(
        assertThrows(ConfigException.class, () -> load(port)).getMessage().contains("HTTP_PORT"));
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    Map<String, String> env = minimal();
    env.put("HTTP_PORT", "x");
    env.put("BALANCER_POLL_CONCURRENCY", "0");
    env.put("TOPIC_PREFIX", "a/b");
    String message = assertThrows(ConfigException.class, () -> load(env)).getMessage();
    for (String key : List.of("HTTP_PORT", "BALANCER_POLL_CONCURRENCY", "TOPIC_PREFIX")) {
      assertTrue(message.contains(key), message);
    }
  }

  @Test
  void noSecretIsPrintedOrQuotedInAnError() {
    Map<String, String> env = minimal();
    env.put("ADMIN_TOKEN", "token-4711");
    env.put(
        "KAFKA_SASL_JAAS_CONFIG",
        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"pw-0815\";");
    String printed = load(env).toString();
    for (String secret : List.of("token-4711", "pw-0815", "s1", KEY)) {
      assertFalse(printed.contains(secret), printed);
    }
    env.put("BALANCER_SECRET_1", "");
    env.put("MANAGEMENT_PORT", "token-4711");
    assertFalse(
        assertThrows(ConfigException.class, () -> load(env)).getMessage().contains("pw-0815"));
  }
}
