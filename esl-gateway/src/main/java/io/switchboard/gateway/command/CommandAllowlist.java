package io.switchboard.gateway.command;

import io.switchboard.config.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which FreeSWITCH API commands the gateway runs. Patterns are words: {@code *} matches one
 * word, a final {@code **} any number of words (none included); command names compare without
 * case because FreeSWITCH looks API commands up without case.
 *
 * <p>Some commands are refused whatever the configuration says: they run shell commands or
 * scripts ({@code system}, {@code bg_system}, {@code spawn}, the script languages) or run other
 * commands, which would slip past the list ({@code bgapi}, {@code sched_api}, {@code eval},
 * {@code expand}, {@code xml_wrap}: mod_event_socket.c's own "sneaky_commands").
 */
public final class CommandAllowlist {
  static final Set<String> FORBIDDEN = Set.of("system", "bg_system", "spawn", "bg_spawn", "spawn_stream",
      "bgapi", "sched_api", "eval", "expand", "xml_wrap", "lua", "luarun", "perl", "perlrun", "python", "pyrun",
      "jsrun", "jsapi", "js", "v8", "v8run", "mono", "managed", "java");

  private final List<String[]> patterns;

  private CommandAllowlist(List<String[]> patterns) {
    this.patterns = patterns;
  }

  public static CommandAllowlist of(List<String> patterns) {
    List<String[]> parsed = patterns.stream().map(p -> p.trim().split(" +")).toList();
    for (String[] words : parsed) {
      if (words.length == 0 || words[0].isEmpty() || words[0].equals("*") || words[0].equals("**")) {
        throw new ConfigException("COMMAND_ALLOWLIST: a pattern must start with a command name, got '"
            + String.join(" ", words) + "'");
      }
      if (FORBIDDEN.contains(words[0].toLowerCase(Locale.ROOT))) {
        throw new ConfigException("COMMAND_ALLOWLIST: '" + words[0] + "' can never be allowed (it runs other commands or programs)");
      }
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals("**")) {
          throw new ConfigException("COMMAND_ALLOWLIST: ** may only end a pattern: '" + String.join(" ", words) + "'");
        }
      }
    }
    return new CommandAllowlist(parsed);
  }

  /** Empty when {@code commandLine} may run; otherwise why not. */
  public Optional<String> refusal(String commandLine) {
    // Before trimming: trim() would quietly remove control characters at the ends.
    if (commandLine.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("command contains control characters");
    }
    String line = commandLine.trim();
    if (line.isEmpty()) {
      return Optional.of("empty command");
    }
    String[] words = line.split(" +");
    String name = words[0].toLowerCase(Locale.ROOT);
    if (FORBIDDEN.contains(name)) {
      return Optional.of("'" + words[0] + "' is never allowed: it runs other commands or programs");
    }
    for (String[] pattern : patterns) {
      if (matches(pattern, words)) {
        return Optional.empty();
      }
    }
    return Optional.of("'" + line + "' is not on the command allowlist");
  }

  private static boolean matches(String[] pattern, String[] words) {
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].equals("**")) {
        return true;
      }
      if (i >= words.length) {
        return false;
      }
      boolean same = i == 0 ? pattern[0].equalsIgnoreCase(words[0]) : pattern[i].equals("*") || pattern[i].equals(words[i]);
      if (!same) {
        return false;
      }
    }
    return words.length == pattern.length;
  }
}
