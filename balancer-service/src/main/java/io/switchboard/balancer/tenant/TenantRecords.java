package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.ConfigException;
import io.switchboard.security.SecretSealer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A tenant as it stands on {@code bbb.tenants} (key: its id): {@code {"v":1,"id":..,"tenant":
 * {..its JSON, each secret sealed..},"updatedAt":..}}; a tombstone removes it. Secrets are sealed
 * with {@code BALANCER_STATE_KEY} like the servers' secrets, so the topic never holds one in clear.
 */
public final class TenantRecords {
  static final int VERSION = 1;

  private final SecretSealer sealer;
  private final Set<ChecksumAlgorithm> defaultAlgorithms;

  public TenantRecords(SecretSealer sealer, Set<ChecksumAlgorithm> defaultAlgorithms) {
    this.sealer = sealer;
    this.defaultAlgorithms = defaultAlgorithms;
  }

  /** Checks {@code spec} as a tenant; a mistake is a ConfigException naming the field. */
  public Tenant parse(JsonObject spec, String source) {
    return Tenants.parse(spec, source, defaultAlgorithms);
  }

  public byte[] encode(JsonObject spec, long now) {
    return new JsonObject()
        .put("v", VERSION)
        .put("id", spec.getString("id"))
        .put("tenant", withSecrets(spec, sealer::seal))
        .put("updatedAt", now)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Applies one record to {@code table}: a tombstone removes the tenant. */
  public void apply(Tenants table, String id, byte[] value) {
    if (value == null) {
      table.remove(id);
      return;
    }
    JsonObject record;
    try {
      record = new JsonObject(new String(value, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new ConfigException("not JSON: " + e.getMessage());
    }
    if (record.getInteger("v", 0) != VERSION || !id.equals(record.getString("id"))) {
      throw new ConfigException("not a version " + VERSION + " record of tenant '" + id + "'");
    }
    JsonObject spec;
    try {
      spec = withSecrets(record.getJsonObject("tenant", new JsonObject()), sealer::open);
    } catch (ClassCastException e) {
      // A wrong type where an object or array belongs must skip the record, not stop the follower.
      throw new ConfigException("tenant '" + id + "': malformed record: " + e.getMessage());
    }
    table.put(parse(spec, "bbb.tenants: tenant"), spec);
  }

  private static JsonObject withSecrets(JsonObject spec, UnaryOperator<String> change) {
    JsonObject out = spec.copy();
    JsonArray secrets = out.getJsonArray("secrets", new JsonArray());
    for (int i = 0; i < secrets.size(); i++) {
      JsonObject s = secrets.getJsonObject(i);
      s.put("secret", change.apply(s.getString("secret", "")));
    }
    return out;
  }
}
