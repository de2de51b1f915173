package io.switchboard.balancer.tenant;

import io.switchboard.config.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the balancer does to one call's parameters before a server sees them, in Scalelite's terms
 * (DEFAULT_CREATE_PARAMS, OVERRIDE_CREATE_PARAMS, CREATE_EXCLUDE_PARAMS and the join ones):
 * excluded ones are dropped, defaults fill in what the client did not send, overrides replace
 * whatever it sent.
 */
public record ParamPolicy(
    Map<String, String> defaults, Map<String, String> overrides, Set<String> excluded) {

  /** The balancer places and namespaces by these: no policy may touch them. */
  private static final Set<String> PROTECTED = Set.of("meetingID", "checksum");

  public static final ParamPolicy NONE = new ParamPolicy(Map.of(), Map.of(), Set.of());

  public ParamPolicy {
    defaults = Map.copyOf(defaults);
    overrides = Map.copyOf(overrides);
    excluded = Set.copyOf(excluded);
    for (String name : union(defaults.keySet(), overrides.keySet(), excluded)) {
      if (PROTECTED.contains(name)) {
        throw new ConfigException("a parameter policy cannot set or exclude " + name);
      }
    }
  }

  public boolean isEmpty() {
    return defaults.isEmpty() && overrides.isEmpty() && excluded.isEmpty();
  }

  /** This policy, then {@code inner} over it: a tenant's policy refines the global one. */
  public ParamPolicy then(ParamPolicy inner) {
    Map<String, String> d = new LinkedHashMap<>(defaults);
    d.putAll(inner.defaults);
    Map<String, String> o = new LinkedHashMap<>(overrides);
    o.putAll(inner.overrides);
    return new ParamPolicy(d, o, union(excluded, inner.excluded, Set.of()));
  }

  /**
   * {@code name=value} pairs, comma-separated, values percent-decoded (so a comma is {@code %2C}),
   * as Scalelite's settings are written.
   */
  public static Map<String, String> pairs(String setting, List<String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(setting + ": '" + entry + "' is not name=value");
      }
      try {
        out.put(
            entry.substring(0, eq).strip(),
            URLDecoder.decode(entry.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(setting + ": '" + entry + "' has broken percent-encoding");
      }
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b, Set<String> c) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }
}
