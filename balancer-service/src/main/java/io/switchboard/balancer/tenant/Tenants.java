package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The tenants of the pool: {@code {"id":"acme","pathPrefix":"/acme","secrets":[{"secret":"..",
 * "validUntil":"2027-01-01T00:00:00Z"}],"checksumAlgorithms":["sha256"]}} each, as {@code
 * BALANCER_TENANTS_FILE} seeds them and {@code bbb.tenants} holds them. The balancer's live table
 * follows the topic (put / remove as records arrive); each tenant's spec (its JSON, secrets in
 * clear, in memory only) is kept so that the admin API can change one field of it. None: the
 * balancer serves one front end as before.
 */
public final class Tenants {
  private final Map<String, Tenant> byId;
  private final Map<String, JsonObject> specs;
  private final Policy global;

  /** Per tenant id, its rules as last built (see TenantRules). */
  private final Map<String, TenantRules> rules = new ConcurrentHashMap<>();

  private Tenants(Map<String, Tenant> byId, Map<String, JsonObject> specs, Policy global) {
    // Written by the state follower, read by the API: both on the balancer's context, but the
    // admin listing must never see a half-applied table.
    this.byId = new ConcurrentSkipListMap<>(byId);
    this.specs = new ConcurrentSkipListMap<>(specs);
    this.global = global;
  }

  public static Tenants none() {
    return new Tenants(Map.of(), Map.of(), Policy.NONE);
  }

  /** These tenants under {@code policy}, the rules of every front end. */
  public Tenants withGlobal(Policy policy) {
    return new Tenants(byId, specs, policy);
  }

  /** An empty live table under the same global policy, to be filled from {@code bbb.tenants}. */
  public Tenants emptyTable() {
    return new Tenants(Map.of(), Map.of(), global);
  }

  /** Adds or replaces a tenant, as a record of {@code bbb.tenants} says. */
  public void put(Tenant tenant, JsonObject spec) {
    byId.put(tenant.id(), tenant);
    specs.put(tenant.id(), spec.copy());
  }

  public void remove(String id) {
    rules.remove(id);
    byId.remove(id);
    specs.remove(id);
  }

  /** The tenant's JSON as last written, secrets in clear. */
  public Optional<JsonObject> spec(String id) {
    return Optional.ofNullable(specs.get(id)).map(JsonObject::copy);
  }

  /** The tenant serving {@code prefix} ({@code /beta}), if any. */
  public Optional<Tenant> byPathPrefix(String prefix) {
    return byId.values().stream()
        .filter(t -> t.pathPrefix().filter(prefix::equals).isPresent())
        .findFirst();
  }

  /** The rules of a call from the balancer's own front end. */
  public Policy global() {
    return global;
  }

  /** The checksum check and policy of a call from {@code tenant} at {@code now}. */
  public TenantRules rules(Tenant tenant, Instant now) {
    TenantRules kept = rules.get(tenant.id());
    if (kept != null && kept.holdFor(tenant, now)) {
      return kept;
    }
    TenantRules fresh = TenantRules.of(tenant, global, now);
    rules.put(tenant.id(), fresh);
    return fresh;
  }

  private static Tenants of(List<Tenant> tenants, List<JsonObject> specs) {
    Map<String, Tenant> byId = new LinkedHashMap<>();
    Map<String, JsonObject> specsById = new LinkedHashMap<>();
    for (int i = 0; i < tenants.size(); i++) {
      Tenant t = tenants.get(i);
      if (byId.put(t.id(), t) != null) {
        throw new ConfigException("tenant '" + t.id() + "' is defined twice");
      }
      specsById.put(t.id(), specs.get(i));
    }
    return new Tenants(byId, specsById, Policy.NONE);
  }

  /** Reads the file; every mistake names the tenant and the field. */
  public static Tenants read(Path file, Set<ChecksumAlgorithm> defaultAlgorithms) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException e) {
      throw new ConfigException(
          "BALANCER_TENANTS_FILE: cannot read " + file + ": " + e.getMessage());
    }
    JsonArray list = json.getJsonArray("tenants");
    if (list == null) {
      throw new ConfigException("BALANCER_TENANTS_FILE: no \"tenants\" array in " + file);
    }
    List<Tenant> tenants = new ArrayList<>();
    List<JsonObject> specs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      specs.add(list.getJsonObject(i));
      tenants.add(
          parse(list.getJsonObject(i), "BALANCER_TENANTS_FILE: tenant #" + i, defaultAlgorithms));
    }
    return of(tenants, specs);
  }

  /**
   * One tenant from its JSON; every mistake names {@code source} (where it came from), the tenant
   * and the field.
   */
  public static Tenant parse(JsonObject t, String source, Set<ChecksumAlgorithm> defaults) {
    String id = t.getString("id", "");
    String where = id.isEmpty() ? source : source.replaceAll(" #\\d+$", "") + " '" + id + "'";
    if (!id.matches(Tenant.ID_PATTERN)) {
      throw new ConfigException(
          where + ": id must be 1 to 32 lower-case letters, digits or '-' (a host name's label)");
    }
    Optional<String> prefix = Optional.ofNullable(t.getString("pathPrefix"));
    if (prefix.isPresent() && !prefix.get().matches("(/[A-Za-z0-9._-]+)+")) {
      throw new ConfigException(where + ": pathPrefix must look like /name (no trailing '/')");
    }
    JsonArray secrets = t.getJsonArray("secrets", new JsonArray());
    List<Tenant.Secret> parsed = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      JsonObject s = secrets.getJsonObject(i);
      String value = s.getString("secret", "");
      if (value.length() < 12) {
        throw new ConfigException(where + ": secret #" + i + " is shorter than 12 characters");
      }
      parsed.add(new Tenant.Secret(value, instant(s.getString("validUntil"), where, i)));
    }
    if (parsed.isEmpty()) {
      throw new ConfigException(where + ": has no secret");
    }
    return new Tenant(
        id,
        prefix,
        parsed,
        algorithms(t.getJsonArray("checksumAlgorithms"), defaults, where),
        policy(t, where));
  }

  /** Scalelite's tenant settings, in this file's camelCase; B3LB's limits. */
  private static Policy policy(JsonObject t, String where) {
    try {
      return new Policy(
          new ParamPolicy(
              strings(t.getJsonObject("defaultCreateParams")),
              strings(t.getJsonObject("overrideCreateParams")),
              names(t.getJsonArray("createExcludeParams"))),
          new ParamPolicy(
              strings(t.getJsonObject("defaultJoinParams")),
              strings(t.getJsonObject("overrideJoinParams")),
              names(t.getJsonArray("joinExcludeParams"))),
          count(t, "maxDuration"),
          count(t, "meetingLimit"),
          count(t, "attendeeLimit"),
          names(t.getJsonArray("serverTags")));
    } catch (ConfigException | ClassCastException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }

  private static Map<String, String> strings(JsonObject object) {
    Map<String, String> out = new LinkedHashMap<>();
    if (object != null) {
      object.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return out;
  }

  private static Set<String> names(JsonArray array) {
    Set<String> out = new HashSet<>();
    if (array != null) {
      array.forEach(n -> out.add(String.valueOf(n)));
    }
    return out;
  }

  private static int count(JsonObject t, String field) {
    int value = t.getInteger(field, 0);
    if (value < 0) {
      throw new ConfigException(field + " cannot be negative");
    }
    return value;
  }

  private static Instant instant(String value, String where, int index) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          where + ": secret #" + index + " validUntil is not an ISO-8601 instant: " + value);
    }
  }

  private static Set<ChecksumAlgorithm> algorithms(
      JsonArray names, Set<ChecksumAlgorithm> defaults, String where) {
    if (names == null) {
      return defaults;
    }
    EnumSet<ChecksumAlgorithm> parsed = EnumSet.noneOf(ChecksumAlgorithm.class);
    for (Object name : names) {
      parsed.add(
          ChecksumAlgorithm.parse(String.valueOf(name).toLowerCase(Locale.ROOT))
              .orElseThrow(
                  () ->
                      new ConfigException(where + ": unknown checksum algorithm '" + name + "'")));
    }
    return parsed;
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  public List<Tenant> all() {
    return List.copyOf(byId.values());
  }

  /**
   * The tenant named by the first label of {@code host} ({@code acme.bbb.example.org} is {@code
   * acme}), as Scalelite picks it; the port and letter case do not matter.
   */
  public Optional<Tenant> byHost(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    int dot = host.indexOf('.');
    String label = (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
    return Optional.ofNullable(byId.get(label));
  }
}
