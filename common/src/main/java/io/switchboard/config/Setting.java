package io.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One declared setting: its name (the environment's spelling), what it means, its default, how it
 * is read and checked, and whether it is a secret. A service lists its settings once; its settings
 * object, its documentation table and its {@code toString} all come from that list.
 *
 * @param <T> the type a service reads
 */
public final class Setting<T> {
  /** How a value is found in a {@link Config}. */
  enum Kind {
    SINGLE,
    REPEATED,
    PREFIX
  }

  private final String name;
  private final String description;
  private final String defaultValue;
  private final boolean required;
  private final boolean secret;
  private final Kind kind;
  private final BiFunction<Config, String, T> reader;
  private final List<Rule<T>> rules;

  private record Rule<T>(Predicate<T> holds, String says) {}

  private Setting(
      String name,
      String description,
      String defaultValue,
      boolean required,
      boolean secret,
      Kind kind,
      BiFunction<Config, String, T> reader,
      List<Rule<T>> rules) {
    this.name = Config.normalise(name);
    this.description = Objects.requireNonNull(description);
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.kind = kind;
    this.reader = reader;
    this.rules = rules;
  }

  private static <T> Setting<T> single(
      String name, String defaultValue, String description, BiFunction<Config, String, T> reader) {
    return new Setting<>(
        name, description, defaultValue, false, false, Kind.SINGLE, reader, List.of());
  }

  public static Setting<String> string(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> c.string(k, ""));
  }

  public static Setting<Integer> integer(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, Config::integer);
  }

  public static Setting<Boolean> bool(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> c.bool(k, false));
  }

  /**
   * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}; a bare number is milliseconds.
   */
  public static Setting<Duration> duration(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> c.duration(k, Duration.ZERO));
  }

  /** {@code 4096}, {@code 64k}, {@code 16m}, {@code 2g}. */
  public static Setting<Long> bytes(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> c.bytes(k, 0));
  }

  public static Setting<Path> path(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> Path.of(c.string(k)));
  }

  /** A comma-separated list; blank entries dropped. */
  public static Setting<List<String>> list(String name, String defaultValue, String description) {
    return single(name, defaultValue, description, (c, k) -> c.list(k, List.of()));
  }

  /** {@code NAME}, then {@code NAME_1}, {@code NAME_2}, ... ({@link Config#repeated}). */
  public static Setting<List<String>> repeated(String name, String description) {
    return new Setting<>(
        name, description, null, false, false, Kind.REPEATED, Config::repeated, List.of());
  }

  /** Every key starting with {@code prefix}, the prefix removed ({@link Config#withPrefix}). */
  public static Setting<Map<String, String>> prefix(String prefix, String description) {
    return new Setting<>(
        prefix, description, null, false, false, Kind.PREFIX, Config::withPrefix, List.of());
  }

  /** A setting with no default that must be given. */
  public Setting<T> required() {
    return new Setting<>(name, description, null, true, secret, kind, reader, rules);
  }

  /** Never printed: not in {@code toString}, logs or error messages. */
  public Setting<T> secret() {
    return new Setting<>(name, description, defaultValue, required, true, kind, reader, rules);
  }

  /** Adds a check; {@code says} completes "NAME must ...", e.g. {@code "be at least 1"}. */
  public Setting<T> check(Predicate<T> holds, String says) {
    List<Rule<T>> more = new java.util.ArrayList<>(rules);
    more.add(new Rule<>(holds, says));
    return new Setting<>(
        name, description, defaultValue, required, secret, kind, reader, List.copyOf(more));
  }

  public Setting<T> atLeast(long min) {
    return check(v -> ((Number) v).longValue() >= min, "be at least " + min);
  }

  public Setting<T> between(long min, long max) {
    return check(
        v -> ((Number) v).longValue() >= min && ((Number) v).longValue() <= max,
        "be from " + min + " to " + max);
  }

  public Setting<T> positive() {
    return check(
        v ->
            v instanceof Duration d
                ? !d.isZero() && !d.isNegative()
                : ((Number) v).doubleValue() > 0,
        "be positive");
  }

  public Setting<T> matches(String regex, String what) {
    return check(v -> String.valueOf(v).matches(regex), "be " + what);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The default as written in the docs, or empty when there is none. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isSecret() {
    return secret;
  }

  Kind kind() {
    return kind;
  }

  /** Reads and checks this setting; empty when it is unset and has no default. */
  Optional<T> read(Config config) {
    Config effective = config;
    if (kind == Kind.SINGLE && config.optional(name).isEmpty()) {
      if (defaultValue == null) {
        if (required) {
          throw new ConfigException(name + " is required but not set: " + description);
        }
        return Optional.empty();
      }
      effective = config.with(name, defaultValue);
    }
    T value;
    try {
      value = reader.apply(effective, name);
    } catch (ConfigException e) {
      // A secret's value must not reach an error message; Config's messages quote the value.
      throw secret ? new ConfigException(name + " is malformed") : e;
    }
    if (kind == Kind.REPEATED && required && ((List<?>) value).isEmpty()) {
      throw new ConfigException(name + " is required but not set: " + description);
    }
    for (Rule<T> rule : rules) {
      if (!rule.holds().test(value)) {
        throw new ConfigException(
            name + " must " + rule.says() + (secret ? "" : ", got '" + value + "'"));
      }
    }
    return Optional.of(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
