package io.switchboard.testkit.bbb;

/**
 * Builds BBB's response XML. bbb-web renders FreeMarker templates with XML auto-escaping and {@code
 * <#compress>}, so a response is compact and has no XML declaration; this writes the same.
 */
final class XmlWriter {
  private final StringBuilder out = new StringBuilder(512);

  XmlWriter open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  XmlWriter close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  XmlWriter element(String name, String text) {
    open(name);
    escapeInto(text == null ? "" : text);
    return close(name);
  }

  XmlWriter element(String name, long value) {
    return element(name, Long.toString(value));
  }

  XmlWriter element(String name, boolean value) {
    return element(name, Boolean.toString(value));
  }

  XmlWriter emptyElement(String name) {
    out.append('<').append(name).append("/>");
    return this;
  }

  private void escapeInto(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  /**
   * Whether {@code name} can be written as an element name. Metadata and custom-data keys become
   * element names in BBB's templates; keys that are not XML names would make bbb-web emit broken
   * XML, which this simulator leaves out instead.
   */
  static boolean isXmlName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
