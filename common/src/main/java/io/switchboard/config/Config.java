package io.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's configuration: defaults, then an optional properties file, then the environment, each
 * layer overriding the one before. Keys are normalised to the environment's spelling ({@code
 * kafka.bootstrap.servers} and {@code KAFKA_BOOTSTRAP_SERVERS} are the same key), so one name works
 * in the file, in the environment and in the docs.
 *
 * <p>Built from plain maps so that tests never touch the real environment.
 */
public final class Config {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static Config of(Map<String, String> values) {
    TreeMap<String, String> normalised = new TreeMap<>();
    values.forEach((k, v) -> normalised.put(normalise(k), v));
    return new Config(normalised);
  }

  /**
   * Layers {@code defaults}, the file named by {@code --config FILE} (or {@code --config=FILE}) in
   * {@code args}, and {@code env}.
   */
  public static Config load(String[] args, Map<String, String> defaults, Map<String, String> env) {
    TreeMap<String, String> merged = new TreeMap<>();
    defaults.forEach((k, v) -> merged.put(normalise(k), v));
    configFile(args)
        .ifPresent(file -> readFile(file).forEach((k, v) -> merged.put(normalise(k), v)));
    env.forEach((k, v) -> merged.put(normalise(k), v));
    return new Config(merged);
  }

  /** The layered configuration of a service's process: its defaults, {@code --config}, then env. */
  public static Config forProcess(String[] args, Map<String, String> defaults) {
    return load(args, defaults, System.getenv());
  }

  static Optional<Path> configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new ConfigException("--config needs a file name");
        }
        return Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return Optional.of(Path.of(args[i].substring("--config=".length())));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    TreeMap<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
    return map;
  }

  static String normalise(String key) {
    return key.trim().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public Optional<String> optional(String key) {
    String value = values.get(normalise(key));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(String key) {
    return optional(key)
        .orElseThrow(() -> new ConfigException(normalise(key) + " is required but not set"));
  }

  public String string(String key, String fallback) {
    return optional(key).orElse(fallback);
  }

  public int integer(String key, int fallback) {
    return optional(key).map(v -> parseInt(key, v)).orElse(fallback);
  }

  public int integer(String key) {
    return parseInt(key, string(key));
  }

  public long longValue(String key, long fallback) {
    return optional(key)
        .map(
            v -> {
              try {
                return Long.parseLong(v);
              } catch (NumberFormatException e) {
                throw new ConfigException(
                    normalise(key) + " must be a whole number, got '" + v + "'");
              }
            })
        .orElse(fallback);
  }

  public boolean bool(String key, boolean fallback) {
    return optional(key)
        .map(
            v ->
                switch (v.toLowerCase(Locale.ROOT)) {
                  case "true", "yes", "on", "1" -> true;
                  case "false", "no", "off", "0" -> false;
                  default ->
                      throw new ConfigException(
                          normalise(key) + " must be true or false, got '" + v + "'");
                })
        .orElse(fallback);
  }

  /**
   * Durations as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}; a bare number is
   * milliseconds.
   */
  public Duration duration(String key, Duration fallback) {
    return optional(key).map(v -> parseDuration(key, v)).orElse(fallback);
  }

  /** Byte sizes as {@code 512}, {@code 64k}, {@code 16m}, {@code 2g} (binary multiples). */
  public long bytes(String key, long fallback) {
    return optional(key).map(v -> parseBytes(key, v)).orElse(fallback);
  }

  /** A comma-separated list; blank entries are dropped. */
  public List<String> list(String key, List<String> fallback) {
    return optional(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(fallback);
  }

  /**
   * A repeatable setting: {@code KEY}, then {@code KEY_1}, {@code KEY_2}, ... in numeric order
   * (gaps allowed), the way {@code ESL_URL} is given for several sockets.
   */
  public List<String> repeated(String key) {
    String base = normalise(key);
    List<String> result = new ArrayList<>();
    optional(base).ifPresent(result::add);
    Pattern indexed = Pattern.compile(Pattern.quote(base) + "_(\\d+)");
    TreeMap<Integer, String> numbered = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          Matcher m = indexed.matcher(k);
          if (m.matches() && !v.isBlank()) {
            numbered.put(Integer.parseInt(m.group(1)), v.trim());
          }
        });
    result.addAll(numbered.values());
    return result;
  }

  /** Every key starting with {@code prefix} (normalised), with the prefix removed. */
  public Map<String, String> withPrefix(String prefix) {
    String p = normalise(prefix);
    TreeMap<String, String> result = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(p) && k.length() > p.length()) {
            result.put(k.substring(p.length()), v);
          }
        });
    return result;
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(normalise(key) + " must be a whole number, got '" + value + "'");
    }
  }

  private static Duration parseDuration(String key, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          normalise(key) + " must be a duration such as 500ms, 5s, 2m or 1h, got '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static long parseBytes(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    switch (last) {
      case 'k' -> multiplier = 1L << 10;
      case 'm' -> multiplier = 1L << 20;
      case 'g' -> multiplier = 1L << 30;
      default -> {}
    }
    String digits = multiplier == 1 ? v : v.substring(0, v.length() - 1).trim();
    try {
      long amount = Long.parseLong(digits);
      if (amount < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(amount, multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(
          normalise(key) + " must be a size such as 4096, 64k, 16m or 2g, got '" + value + "'");
    }
  }

  /** A copy with {@code key} set, for tests and for settings derived at start-up. */
  public Config with(String key, String value) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(normalise(key), value);
    return new Config(copy);
  }

  public Map<String, String> asMap() {
    return values;
  }
}
