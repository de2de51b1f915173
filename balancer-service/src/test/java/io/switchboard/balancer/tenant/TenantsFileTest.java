package io.switchboard.balancer.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenants file: what it gives, and a clear error naming the tenant and field when wrong. */
class TenantsFileTest {
  private static final Set<ChecksumAlgorithm> DEFAULTS = Set.of(ChecksumAlgorithm.SHA256);

  @TempDir Path dir;

  private Tenants read(String json) throws IOException {
    Path file = dir.resolve("tenants.json");
    Files.writeString(file, json);
    return Tenants.read(file, DEFAULTS);
  }

  private String error(String json) {
    return assertThrows(ConfigException.class, () -> read(json)).getMessage();
  }

  @Test
  void aTenantIsFoundByTheFirstLabelOfItsHostAndKeepsItsSecretsUntilTheirEnd() throws Exception {
    Tenants tenants =
        read(
            """
            {"tenants": [{"id": "acme", "secrets": [{"secret": "new-secret-123"},
              {"secret": "old-secret-123", "validUntil": "2030-01-01T00:00:00Z"}]}]}
            """);
    Tenant acme = tenants.byHost("ACME.bbb.example.org").orElseThrow();
    assertEquals(DEFAULTS, acme.algorithms(), "the balancer's algorithms by default");
    assertTrue(tenants.byHost("bbb.example.org").isEmpty());
    String signed = ChecksumAlgorithm.SHA256.hex("getMeetings" + "old-secret-123");
    assertTrue(
        acme.checksum(Instant.parse("2029-12-31T23:59:59Z")).verify("getMeetings", "", signed));
    assertTrue(
        !acme.checksum(Instant.parse("2030-01-01T00:00:00Z")).verify("getMeetings", "", signed),
        "validUntil is exclusive");
  }

  /** The rules kept per tenant between calls still end each secret at its validUntil. */
  @Test
  void aTenantsKeptRulesEndASecretAtItsValidUntilAndFollowAChangedTenant() throws Exception {
    Tenants tenants =
        read(
            """
            {"tenants": [{"id": "acme", "maxDuration": 30, "secrets": [
              {"secret": "new-secret-123"},
              {"secret": "old-secret-123", "validUntil": "2030-01-01T00:00:00Z"}]}]}
            """);
    Tenant acme = tenants.byHost("acme").orElseThrow();
    String old = ChecksumAlgorithm.SHA256.hex("getMeetings" + "old-secret-123");
    Instant before = Instant.parse("2029-12-31T23:59:59Z");
    TenantRules early = tenants.rules(acme, before);
    assertTrue(early.checksum().verify("getMeetings", "", old));
    assertSame(early, tenants.rules(acme, before.plusMillis(500)), "kept between calls");
    assertEquals(30, early.policy().maxDurationMinutes());
    assertFalse(
        tenants
            .rules(acme, Instant.parse("2030-01-01T00:00:00Z"))
            .checksum()
            .verify("getMeetings", "", old),
        "rebuilt once the old secret ends");

    Tenant changed =
        Tenants.parse(
            new JsonObject(
                "{\"id\": \"acme\", \"maxDuration\": 10,"
                    + " \"secrets\": [{\"secret\": \"other-secret-123\"}]}"),
            "test",
            DEFAULTS);
    tenants.put(changed, new JsonObject());
    TenantRules now = tenants.rules(changed, before);
    assertEquals(10, now.policy().maxDurationMinutes(), "a changed tenant's rules are rebuilt");
    assertFalse(now.checksum().verify("getMeetings", "", old));
  }

  @Test
  void aWrongTenantsFileIsRefusedNamingTheTenantAndTheField() {
    assertTrue(
        error("{\"tenants\": [{\"id\": \"Acme!\", \"secrets\": []}]}").contains("id must be"));
    assertTrue(
        error("{\"tenants\": [{\"id\": \"acme\", \"secrets\": [{\"secret\": \"short\"}]}]}")
            .contains("tenant 'acme': secret #0 is shorter than 12 characters"));
    assertTrue(
        error(
                "{\"tenants\": [{\"id\": \"acme\", \"secrets\": [{\"secret\": \"long-enough-1\","
                    + " \"validUntil\": \"tomorrow\"}]}]}")
            .contains("validUntil is not an ISO-8601 instant"));
    assertTrue(
        error(
                "{\"tenants\": [{\"id\": \"acme\", \"secrets\": [{\"secret\": \"long-enough-1\"}],"
                    + " \"overrideCreateParams\": {\"meetingID\": \"x\"}}]}")
            .contains("tenant 'acme': a parameter policy cannot set or exclude meetingID"));
    assertTrue(
        error(
                "{\"tenants\": [{\"id\": \"acme\", \"secrets\": [{\"secret\": \"long-enough-1\"}]},"
                    + " {\"id\": \"acme\", \"secrets\": [{\"secret\": \"long-enough-2\"}]}]}")
            .contains("tenant 'acme' is defined twice"));
    assertTrue(error("{}").contains("no \"tenants\" array"));
  }
}
