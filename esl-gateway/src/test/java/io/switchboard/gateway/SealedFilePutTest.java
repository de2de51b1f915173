package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.security.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * File puts whose content crosses fs.commands sealed (COMMAND_SEAL_KEY), against the simulator and
 * the broker: opened and written with the gateway's keys, rejected naming why when they do not
 * open, and the opened text in no result.
 */
class SealedFilePutTest extends CommandGatewayTest {
  private static final String PASSWORD = "Zq8-room-password-72013";
  private static final String GATEWAY_XML =
      "<include>\n  <gateway name=\"conf_72013\">\n"
          + "    <param name=\"password\" value=\""
          + PASSWORD
          + "\"/>\n  </gateway>\n</include>\n";
  private static final String PATH = "sip_profiles/external/conf_72013.xml";
  private static final String KEY_NEW = key(1);
  private static final String KEY_OLD = key(2);
  private static final String KEY_OTHER = key(3);

  private static String key(int fill) {
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) fill);
    return Base64.getEncoder().encodeToString(raw);
  }

  private CommandResult run(Command command) throws Exception {
    bus.send(command);
    return bus.resultOf(command.id());
  }

  private Command sealedPut(String sealed) {
    long now = System.currentTimeMillis();
    return Command.sealedFilePut(
        "sealed-" + UUID.randomUUID(), f.node, PATH, sealed, "registration", now, now + 30_000);
  }

  private static String sealedWith(String key, String text) {
    return SecretSealer.fromKeys(List.of(key)).seal(text);
  }

  private boolean written() {
    return Files.exists(f.confDir.resolve(PATH));
  }

  @Test
  void aSealedPutIsWrittenWithTheCurrentOrAnOlderKeyAndNoResultHoldsItsText() throws Exception {
    start(
        Map.of(
            "FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY_NEW, "COMMAND_SEAL_KEY_1", KEY_OLD));
    for (String key : List.of(KEY_NEW, KEY_OLD)) {
      Files.deleteIfExists(f.confDir.resolve(PATH));
      CommandResult result = run(sealedPut(sealedWith(key, GATEWAY_XML)));
      assertEquals(CommandResult.Status.OK, result.status(), result.error());
      assertEquals(GATEWAY_XML, Files.readString(f.confDir.resolve(PATH)));
    }
    // The bus reads the whole results topic from its beginning.
    assertTrue(
        bus.results
            .matching(r -> new String(r.value(), StandardCharsets.UTF_8).contains(PASSWORD))
            .isEmpty(),
        "no result holds the opened text");
  }

  @Test
  void anUnsealedPutStillWorksBesideAKey() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY_NEW));
    long now = System.currentTimeMillis();
    CommandResult result =
        run(
            Command.filePut(
                "plain-" + UUID.randomUUID(),
                f.node,
                PATH,
                GATEWAY_XML,
                "operator",
                now,
                now + 30_000));
    assertEquals(CommandResult.Status.OK, result.status(), result.error());
    assertEquals(GATEWAY_XML, Files.readString(f.confDir.resolve(PATH)));
  }

  @Test
  void aPutSealedUnderAKeyTheGatewayLacksIsRejectedNamingTheKeyNotTheContent() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY_NEW));
    String sealed = sealedWith(KEY_OTHER, GATEWAY_XML);
    CommandResult result = run(sealedPut(sealed));
    assertEquals(CommandResult.Status.REJECTED, result.status());
    String keyId = sealed.split("\\.")[1];
    assertEquals(
        "sealedContent: sealed with key " + keyId + ", which is not among COMMAND_SEAL_KEY*",
        result.error());
    assertNull(result.reply());
    assertFalse(written(), "nothing written");
  }

  @Test
  void aTamperedSealedPutIsRejectedAndNothingIsWritten() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY_NEW));
    String sealed = sealedWith(KEY_NEW, GATEWAY_XML);
    // A character inside the data: the last one of unpadded base64 may carry only unused bits.
    int at = sealed.length() - 6;
    String tampered =
        sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    CommandResult result = run(sealedPut(tampered));
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertTrue(result.error().endsWith("does not open (corrupt or tampered)"), result.error());
    assertFalse(written(), "nothing written");
  }

  @Test
  void aSealedPutToAGatewayWithoutAKeyIsRejected() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    CommandResult result = run(sealedPut(sealedWith(KEY_NEW, GATEWAY_XML)));
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals(
        "content is sealed but this gateway has no COMMAND_SEAL_KEY to open it", result.error());
    assertFalse(written(), "nothing written");
  }

  @Test
  void sealingHidesNoPreprocessorDirectiveFromTheCheck() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY_NEW));
    String hostile = GATEWAY_XML + "<X-PRE-PROCESS cmd=\"exec\" data=\"touch /tmp/pwned\"/>\n";
    CommandResult result = run(sealedPut(sealedWith(KEY_NEW, hostile)));
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertTrue(result.error().startsWith("line 6 holds a preprocessor directive"), result.error());
    assertFalse(written(), "nothing written");
  }

  @Test
  void aSealKeyThatIsNoAesKeyStopsTheStartNamingTheSetting() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                GatewayConfig.from(
                    Config.of(
                        Map.of(
                            "NODE_ID", "n1",
                            "ESL_URL", "fs://:ClueCon@127.0.0.1:8021",
                            "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                            "COMMAND_SEAL_KEY", KEY_NEW,
                            "COMMAND_SEAL_KEY_1", "c2hvcnQ="))));
    assertEquals(
        "COMMAND_SEAL_KEY (rotation entry 1) must decode to 16, 24 or 32 bytes, got 5",
        e.getMessage());
  }
}
