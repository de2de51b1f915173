package io.switchboard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A service's settings, read from a {@link Config} by its declarations: every problem is reported
 * at once, each naming its setting, and a secret's value never appears in {@link #toString()} or in
 * an error.
 */
public final class Settings {
  private final List<Setting<?>> declared;
  private final Map<String, Object> values;
  private final Config source;

  private Settings(List<Setting<?>> declared, Map<String, Object> values, Config source) {
    this.declared = declared;
    this.values = values;
    this.source = source;
  }

  /** Reads every declared setting; throws one {@link ConfigException} listing all problems. */
  public static Settings read(Config config, List<Setting<?>> declared) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Setting<?> setting : declared) {
      try {
        setting.read(config).ifPresent(v -> values.put(setting.name(), v));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    return new Settings(List.copyOf(declared), values, config);
  }

  /** The value of a setting that has a default or is required. */
  public <T> T get(Setting<T> setting) {
    return optional(setting).orElseThrow(() -> new ConfigException(setting.name() + " is not set"));
  }

  @SuppressWarnings("unchecked")
  public <T> Optional<T> optional(Setting<T> setting) {
    if (!declared.contains(setting)) {
      throw new IllegalArgumentException(setting.name() + " is not declared by this service");
    }
    return Optional.ofNullable((T) values.get(setting.name()));
  }

  /** The configuration these settings were read from, for parts that read it themselves. */
  public Config source() {
    return source;
  }

  /** Names and values, secrets shown only as set or unset. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "Settings[", "]");
    for (Setting<?> setting : declared) {
      Object value = values.get(setting.name());
      if (value == null) {
        continue;
      }
      out.add(setting.name() + "=" + (setting.isSecret() ? "(secret)" : value));
    }
    return out.toString();
  }
}
