package io.switchboard.registration.gateway;

import io.switchboard.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a room's gateway file, from a template with {@code {{name}}} placeholders (not
 * FreeSWITCH's {@code ${var}}/{@code $${var}}, which a template may use for itself). Checked once,
 * when loaded, against what real FreeSWITCH needs to load the file at all:
 *
 * <ul>
 *   <li>FreeSWITCH's preprocessor drops every line containing {@code <include>}, {@code </include>}
 *       or {@code <?} (switch_xml.c:1510-1513): those tags must stand on lines of their own, or the
 *       gateway silently never exists;
 *   <li>a registering gateway without {@code username} or {@code password} is skipped with only a
 *       log line (sofia.c:3994-4003): both placeholders must be there.
 * </ul>
 *
 * Values are XML-escaped when rendered.
 */
public final class GatewayTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
  static final Set<String> NAMES =
      Set.of(
          "gateway",
          "room",
          "username",
          "password",
          "proxy",
          "realm",
          "transport",
          "expire_seconds",
          "retry_seconds");

  private final String text;

  private GatewayTemplate(String text) {
    this.text = text;
  }

  /** The shipped template. */
  public static GatewayTemplate shipped() {
    try (InputStream in = GatewayTemplate.class.getResourceAsStream("gateway-template.xml")) {
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped template");
    } catch (IOException e) {
      throw new IllegalStateException("the shipped gateway template cannot be read", e);
    }
  }

  /** An operator's template file, checked. */
  public static GatewayTemplate load(Path file) {
    try {
      return of(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(
          "REGISTRATION_GATEWAY_TEMPLATE: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A template from text; {@code source} names it in errors. */
  public static GatewayTemplate of(String text, String source) {
    List<String> problems = problems(text);
    if (!problems.isEmpty()) {
      throw new ConfigException(
          "REGISTRATION_GATEWAY_TEMPLATE: " + source + ": " + String.join("; ", problems));
    }
    return new GatewayTemplate(text);
  }

  static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String bare = line.trim();
      boolean wrapper = bare.equals("<include>") || bare.equals("</include>");
      if (!wrapper
          && (line.contains("<include>") || line.contains("</include>") || line.contains("<?"))) {
        problems.add(
            "line "
                + (i + 1)
                + " holds <include>, </include> or <?, with other text: FreeSWITCH drops that whole line");
      }
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!NAMES.contains(m.group(1))) {
        problems.add("unknown placeholder {{" + m.group(1) + "}} (known: " + NAMES + ")");
      }
    }
    for (String needed : List.of("gateway", "username", "password")) {
      if (!text.contains("{{" + needed + "}}")) {
        problems.add("{{" + needed + "}} is missing");
      }
    }
    return problems;
  }

  /** The file's text with {@code values} (each placeholder's value) filled in, XML-escaped. */
  public String render(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 128);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
