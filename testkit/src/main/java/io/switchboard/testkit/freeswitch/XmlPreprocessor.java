package io.switchboard.testkit.freeswitch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * switch_xml.c's preprocess (switch_xml.c:1462): the text FreeSWITCH parses, built line by line
 * from freeswitch.xml and the files it includes, before any XML parsing. A line is read up to and
 * including its '\r' or '\n' (switch_fp_read_dline), {@code $${var}} is replaced by the core
 * variable (or nothing), and then:
 *
 * <ul>
 *   <li>a line holding {@code <include>}, {@code </include>} or {@code <?} is dropped whole,
 *       whatever else it holds (switch_xml.c:1510-1513);
 *   <li>a line holding {@code <X-PRE-PROCESS cmd="..." data="..."/>} is dropped whole and the
 *       command runs: {@code set} sets a core variable, {@code include} splices in the files the
 *       glob names, relative to the including file's folder (preprocess_glob, switch_xml.c:1418);
 *       the command runs even inside an XML comment, which the preprocessor does not know;
 *   <li>every other line is copied as it is, so line N of the result is what {@code [error near
 *       line N]} counts.
 * </ul>
 *
 * Not simulated: the {@code exec}, {@code exec-set}, {@code env-set} and {@code stun-set} commands
 * and the {@code <!--#include ...-->} form; they are dropped like any command line.
 */
final class XmlPreprocessor {
  /** preprocess gives up deeper than this (rlevel > 100). */
  private static final int MAX_DEPTH = 100;

  private final Map<String, String> variables;

  /** {@code variables} are the core variables: $${} reads them and {@code set} writes them. */
  XmlPreprocessor(Map<String, String> variables) {
    this.variables = variables;
  }

  /** The preprocessed text of {@code file}, or null when it cannot be read. */
  String run(Path file) {
    StringBuilder out = new StringBuilder();
    return preprocess(file.toAbsolutePath().getParent(), file, out, 0) ? out.toString() : null;
  }

  private boolean preprocess(Path cwd, Path file, StringBuilder out, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    int start = 0;
    while (start < text.length()) {
      int end = start;
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      end = Math.min(end + 1, text.length());
      String raw = text.substring(start, end);
      start = end;
      String line = expand(raw);
      if (raw.contains("<include>") || raw.contains("</include>") || raw.contains("<?")) {
        continue;
      }
      int command = line.toLowerCase(Locale.ROOT).indexOf("x-pre-process");
      if (command >= 0) {
        if (command > 0 && line.charAt(command - 1) == '<') {
          run(cwd, line.substring(command), out, depth);
        }
        continue;
      }
      out.append(line);
    }
    return true;
  }

  /** The cmd="..." and data="..." of an X-PRE-PROCESS tag, found as preprocess finds them. */
  private void run(Path cwd, String tag, StringBuilder out, int depth) {
    String lower = tag.toLowerCase(Locale.ROOT);
    int cmdAt = lower.indexOf("cmd");
    int cmdEq = cmdAt < 0 ? -1 : tag.indexOf('=', cmdAt);
    int cmdQuote = cmdEq < 0 ? -1 : tag.indexOf('"', cmdEq);
    if (cmdQuote < 0) {
      return;
    }
    int cmdEnd = tag.indexOf('"', cmdQuote + 1);
    String cmd = tag.substring(cmdQuote + 1, cmdEnd < 0 ? tag.length() : cmdEnd);
    int dataAt = cmdEnd < 0 ? -1 : lower.indexOf("data", cmdEnd);
    int dataEq = dataAt < 0 ? -1 : tag.indexOf('=', dataAt);
    int dataQuote = dataEq < 0 ? -1 : tag.indexOf('"', dataEq);
    if (dataQuote < 0) {
      return;
    }
    int dataEnd = tag.indexOf('"', dataQuote + 1);
    String data = tag.substring(dataQuote + 1, dataEnd < 0 ? tag.length() : dataEnd);
    if (cmd.equalsIgnoreCase("set")) {
      int eq = data.indexOf('=');
      if (eq >= 0) {
        // The name loses its trailing spaces and the value its leading ones; nothing else.
        variables.put(
            data.substring(0, eq).stripTrailing(), data.substring(eq + 1).replaceFirst("^ +", ""));
      }
    } else if (cmd.equalsIgnoreCase("include")) {
      include(cwd, data, out, depth + 1);
    }
  }

  /**
   * preprocess_glob: the pattern is taken relative to the including file's folder; each match, in
   * glob(3)'s sorted order, is preprocessed with its own folder as the new base. Wildcards are
   * honoured in the last path component only.
   */
  private void include(Path cwd, String pattern, StringBuilder out, int depth) {
    Path full = cwd.resolve(pattern);
    Path dir = full.getParent();
    String namePattern = full.getFileName().toString();
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + namePattern);
    List<Path> matches;
    try (Stream<Path> files = Files.list(dir)) {
      matches =
          files
              .filter(p -> matcher.matches(p.getFileName()))
              // glob(3)'s * does not match a leading dot.
              .filter(
                  p -> namePattern.startsWith(".") || !p.getFileName().toString().startsWith("."))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      return;
    }
    for (Path match : matches) {
      preprocess(match.getParent(), match, out, depth);
    }
  }

  /** expand_vars (switch_xml.c:1307): $${name} becomes the core variable, or nothing. */
  private String expand(String line) {
    if (!line.contains("$${")) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      if (line.startsWith("$${", i)) {
        int close = matchingBrace(line, i + 2);
        if (close > 0) {
          out.append(variables.getOrDefault(line.substring(i + 3, close), ""));
          i = close + 1;
          continue;
        }
      }
      out.append(line.charAt(i++));
    }
    return out.toString();
  }

  /** switch_find_end_paren: the '}' closing the '{' at {@code open}, nesting counted. */
  private static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
