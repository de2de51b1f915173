package io.switchboard.provisioning.folder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User data written into an XML attribute so that neither the XML parser nor FreeSWITCH's
 * preprocessor can read it as anything but text.
 */
public final class XmlText {
  // The preprocessor finds its directives without case anywhere in a line (switch_xml.c:1510,
  // switch_stristr), before XML is parsed: the gateway refuses a file holding one.
  private static final Pattern DIRECTIVE = Pattern.compile("(?i)x-pre-process");

  private XmlText() {}

  /**
   * The five XML specials as entities, and {@code $} as {@code &#36;}: the preprocessor expands
   * {@code $${name}} in the raw text (switch_xml.c:1498, expand_vars) and the parser decodes the
   * reference afterwards (switch_xml_decode), so the value arrives as written and is never
   * expanded; a {@code ${name}} likewise stays text in the file. The {@code x} of a preprocessor
   * directive's name is written as {@code &#120;} for the same reason.
   */
  public static String attribute(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    Matcher directive = DIRECTIVE.matcher(value);
    int nextDirective = directive.find() ? directive.start() : -1;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (i == nextDirective) {
        out.append("&#").append((int) c).append(';');
        nextDirective = directive.find() ? directive.start() : -1;
        continue;
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '$' -> out.append("&#36;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
