package io.switchboard.balancer.api;

/** Writes the small XML answers the balancer makes itself, escaped as bbb-web's templates do. */
final class Xml {
  private final StringBuilder out = new StringBuilder(256);

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  Xml element(String name, Object value) {
    open(name);
    escape(String.valueOf(value));
    return close(name);
  }

  /** Already-serialised XML from a server, spliced in unchanged. */
  Xml raw(String xml) {
    out.append(xml);
    return this;
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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

  static String failed(String messageKey, String message) {
    return new Xml()
        .open("response")
        .element("returncode", "FAILED")
        .element("messageKey", messageKey)
        .element("message", message)
        .close("response")
        .toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
