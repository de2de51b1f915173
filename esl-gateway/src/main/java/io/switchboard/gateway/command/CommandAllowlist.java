package io.switchboard.gateway.command;

import io.switchboard.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which FreeSWITCH API commands the gateway runs: each pattern names a command and its
 * subcommands word for word and says what every argument may be. A pattern is words separated
 * by spaces; a word is
 * <ul>
 *   <li>a literal, or literals joined by {@code |} ({@code list|count}): compared without case,
 *       as FreeSWITCH compares API and subcommand names (strcasecmp in mod_sofia.c:3584,
 *       conference_api.c:4164);</li>
 *   <li>{@code <name>}: letters, digits, {@code _ . -}, at most 128, not starting with {@code .} or {@code -}
 *       (what parse_gateways accepts as a gateway name, sofia.c:3762);</li>
 *   <li>{@code <number>}: 1 to 10 digits (a conference member id);</li>
 *   <li>{@code <recording>}: an absolute path inside the recordings folder, each part a name.</li>
 * </ul>
 * A command matches a pattern with exactly as many words. No argument can therefore hold a
 * {@code {}, {@code [}, {@code <}, a quote, a {@code $} or a path outside the recordings folder:
 * {@code {var=value}} prefixes set channel variables (switch_ivr_originate.c:3230 runs
 * {@code api_on_originate} through switch_api_execute), and quotes join words in
 * switch_separate_string.
 *
 * <p>Some commands are refused whatever the configuration says: they run shell commands or
 * scripts ({@code system}, {@code bg_system}, {@code spawn}, the script languages) or run other
 * commands, which would slip past the list ({@code bgapi}, {@code sched_api}, {@code eval},
 * {@code expand}, {@code xml_wrap}: mod_event_socket.c:1641's own "sneaky_commands").
 */
public final class CommandAllowlist {
  static final Set<String> FORBIDDEN =
      Set.of(
          "system",
          "bg_system",
          "spawn",
          "bg_spawn",
          "spawn_stream",
          "bgapi",
          "sched_api",
          "eval",
          "expand",
          "xml_wrap",
          "lua",
          "luarun",
          "perl",
          "perlrun",
          "python",
          "pyrun",
          "jsrun",
          "jsapi",
          "js",
          "v8",
          "v8run",
          "mono",
          "managed",
          "java");

  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

  /** The recordings folder is written into command lines, so it is held to the same characters. */
  private static final Pattern SAFE_FOLDER = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+");

  /** The outcome of checking one command line: the line to send, or why it is refused. */
  public record Check(String line, String refusal) {
    public boolean allowed() {
      return refusal == null;
    }
  }

  private interface Word {
    /** Null when {@code token} fits; otherwise why not. */
    String mismatch(String token);

    boolean literal();
  }

  private record Literals(Set<String> alternatives) implements Word {
    @Override
    public String mismatch(String token) {
      return alternatives.contains(token.toLowerCase(Locale.ROOT))
          ? null
          : "'" + token + "' is not " + alternatives;
    }

    @Override
    public boolean literal() {
      return true;
    }
  }

  private record Matching(Pattern pattern, String what) implements Word {
    @Override
    public String mismatch(String token) {
      return pattern.matcher(token).matches() ? null : "'" + token + "' is not " + what;
    }

    @Override
    public boolean literal() {
      return false;
    }
  }

  private record Recording(Optional<String> folder) implements Word {
    @Override
    public String mismatch(String token) {
      if (folder.isEmpty()) {
        return "recording commands are off: FS_RECORDINGS_DIR is not set";
      }
      String prefix = folder.get() + "/";
      boolean inside =
          token.startsWith(prefix)
              && Arrays.stream(token.substring(prefix.length()).split("/", -1))
                  .allMatch(part -> NAME.matcher(part).matches());
      return inside ? null : "'" + token + "' is not a recording path under " + folder.get();
    }

    @Override
    public boolean literal() {
      return false;
    }
  }

  private record Entry(String text, List<Word> words) {}

  private final List<Entry> entries;

  private CommandAllowlist(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * @param patterns the allowlist (COMMAND_ALLOWLIST)
   * @param recordingsDir the folder {@code <recording>} arguments must be in; empty refuses them
   *     all
   */
  public static CommandAllowlist of(List<String> patterns, Optional<Path> recordingsDir) {
    Optional<String> folder =
        recordingsDir.map(p -> p.normalize().toString().replaceAll("/+$", ""));
    if (folder.isPresent() && !SAFE_FOLDER.matcher(folder.get()).matches()) {
      throw new ConfigException(
          "FS_RECORDINGS_DIR must be an absolute path of letters, digits, '_', '.', '-', got '"
              + folder.get()
              + "'");
    }
    List<Entry> entries = new ArrayList<>();
    for (String pattern : patterns) {
      entries.add(parse(pattern.trim(), folder));
    }
    return new CommandAllowlist(List.copyOf(entries));
  }

  private static Entry parse(String pattern, Optional<String> folder) {
    String[] texts = pattern.split(" +");
    String name = texts[0];
    if (!LITERAL.matcher(name).matches()) {
      throw new ConfigException(
          "COMMAND_ALLOWLIST: a pattern must start with a command name, got '" + pattern + "'");
    }
    if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
      throw new ConfigException(
          "COMMAND_ALLOWLIST: '"
              + name
              + "' can never be allowed (it runs other commands or programs)");
    }
    List<Word> words = new ArrayList<>();
    for (String text : texts) {
      words.add(
          switch (text) {
            case "<name>" -> new Matching(NAME, "a name (letters, digits, '_', '.', '-')");
            case "<number>" -> new Matching(NUMBER, "a number");
            case "<recording>" -> new Recording(folder);
            default -> literals(text, pattern);
          });
    }
    return new Entry(pattern, List.copyOf(words));
  }

  private static Literals literals(String text, String pattern) {
    String[] alternatives = text.split("\\|", -1);
    for (String alternative : alternatives) {
      if (!LITERAL.matcher(alternative).matches()) {
        throw new ConfigException(
            "COMMAND_ALLOWLIST: '"
                + text
                + "' in '"
                + pattern
                + "' is neither a word "
                + "(letters, digits, '_', '.', '-'; alternatives joined by '|') nor <name>, <number> or <recording>");
      }
    }
    return new Literals(
        Arrays.stream(alternatives)
            .map(a -> a.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet()));
  }

  /**
   * Whether {@code commandLine} may run; the line to send has its words joined by single spaces.
   */
  public Check check(String commandLine) {
    // Before trimming: trim() would quietly remove control characters at the ends.
    if (commandLine.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return refused("command contains control characters");
    }
    String line = commandLine.trim();
    if (line.isEmpty()) {
      return refused("empty command");
    }
    String[] tokens = line.split(" +");
    if (FORBIDDEN.contains(tokens[0].toLowerCase(Locale.ROOT))) {
      return refused("'" + tokens[0] + "' is never allowed: it runs other commands or programs");
    }
    String why = null;
    for (Entry entry : entries) {
      String mismatch = mismatch(entry, tokens);
      if (mismatch == null) {
        return new Check(String.join(" ", tokens), null);
      }
      if (why == null && !mismatch.isEmpty()) {
        why = mismatch;
      }
    }
    return refused(
        "'" + line + "' is not on the command allowlist" + (why == null ? "" : ": " + why));
  }

  /**
   * Null when the tokens match; empty when the command is another one; otherwise what is wrong with
   * an argument of a command whose literal words all match, which tells the sender more.
   */
  private static String mismatch(Entry entry, String[] tokens) {
    if (entry.words().size() != tokens.length) {
      return "";
    }
    String argument = null;
    for (int i = 0; i < tokens.length; i++) {
      Word word = entry.words().get(i);
      String mismatch = word.mismatch(tokens[i]);
      if (mismatch != null) {
        if (word.literal()) {
          return "";
        }
        if (argument == null) {
          argument = mismatch;
        }
      }
    }
    return argument;
  }

  private static Check refused(String reason) {
    return new Check(null, reason);
  }
}
