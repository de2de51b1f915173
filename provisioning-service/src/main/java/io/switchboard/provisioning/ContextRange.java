package io.switchboard.provisioning;

import io.switchboard.config.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A context (a directory domain and a dialplan context of the same name) and the numbers it gives
 * out to its users and conferences.
 */
public record ContextRange(String name, long first, long last) {
  /** Context names become folder names and XML attribute values: keep them plain. */
  public static final String NAME = "[A-Za-z][A-Za-z0-9_-]{0,31}";

  public static final String NAME_RULE = "a letter, then up to 31 letters, digits, '_' or '-'";
  public static final String RELATIVE_PATH = "[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*";
  public static final String RELATIVE_PATH_RULE =
      "a relative folder: names of letters, digits, '_' or '-' separated by '/'";

  private static final Pattern FORM = Pattern.compile("(" + NAME + "):(\\d{1,15})-(\\d{1,15})");

  /** Parses {@code name:first-last}; the message names the setting and the entry. */
  public static ContextRange parse(String setting, String entry) {
    Matcher m = FORM.matcher(entry.trim());
    if (!m.matches()) {
      throw new ConfigException(
          setting + ": '" + entry + "' is not name:first-last (name: " + NAME_RULE + ")");
    }
    long first = Long.parseLong(m.group(2));
    long last = Long.parseLong(m.group(3));
    if (first > last) {
      throw new ConfigException(
          setting + ": '" + entry + "' ends before it starts (" + first + " > " + last + ")");
    }
    return new ContextRange(m.group(1), first, last);
  }

  public boolean holds(long number) {
    return number >= first && number <= last;
  }

  public boolean overlaps(ContextRange other) {
    return first <= other.last && other.first <= last;
  }
}
