package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FreeSWITCH's own XML parser and writer (switch_xml.c, an ezxml descendant), ported where what it
 * accepts, what it answers and what it writes differ from a standards parser: its error texts and
 * line numbers ({@code [error near line N]: unclosed tag <gateway>}), tags compared
 * case-sensitively, character content kept with its whitespace, and {@code switch_xml_toxml}'s
 * output. The DTD subset (internal entities, default attributes) is not ported.
 */
final class SwitchXml {
  private SwitchXml() {}

  /** A parse failure, with the message switch_xml_err writes. */
  static final class ParseError extends Exception {
    ParseError(String message) {
      super(message);
    }
  }

  /** An element: switch_xml_t with its text (all its character content) and children in order. */
  static final class Element {
    final String name;
    final List<String[]> attrs;
    final Element parent;

    /** Where the element starts in its parent's character content (switch_xml_t.off). */
    final int off;

    final StringBuilder txt = new StringBuilder();
    final List<Element> children = new ArrayList<>();

    private Element(String name, List<String[]> attrs, Element parent, int off) {
      this.name = name;
      this.attrs = attrs;
      this.parent = parent;
      this.off = off;
    }

    /** switch_xml_new: a root element built in code, with an empty text. */
    static Element root(String name) {
      return new Element(name, new ArrayList<>(), null, 0);
    }

    /**
     * switch_xml_add_child_d (switch_xml.c:3007, switch_xml_insert): the child goes after the last
     * child whose offset is not greater than {@code childOff}, so a child added later with a
     * smaller offset is written before children added earlier, as FreeSWITCH writes it.
     */
    Element addChild(String childName, int childOff) {
      Element child = new Element(childName, new ArrayList<>(), this, childOff);
      int at = 0;
      if (!children.isEmpty() && children.get(0).off <= childOff) {
        at = 1;
        while (at < children.size() && children.get(at).off <= childOff) {
          at++;
        }
      }
      children.add(at, child);
      return child;
    }

    /** switch_xml_set_attr_d. */
    Element setAttr(String attrName, String value) {
      for (String[] a : attrs) {
        if (a[0].equals(attrName)) {
          a[1] = value;
          return this;
        }
      }
      attrs.add(new String[] {attrName, value});
      return this;
    }

    /** switch_xml_set_txt_d. */
    Element setTxt(String text) {
      txt.setLength(0);
      txt.append(text);
      return this;
    }

    /** switch_xml_attr: the first attribute of that name (names compared with case). */
    String attr(String attrName) {
      for (String[] a : attrs) {
        if (a[0].equals(attrName)) {
          return a[1];
        }
      }
      return null;
    }

    /** switch_xml_child and its ->next chain: the children of that name, in order. */
    List<Element> children(String childName) {
      return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    Element child(String childName) {
      List<Element> all = children(childName);
      return all.isEmpty() ? null : all.get(0);
    }

    /** switch_xml_find_child (switch_xml.c:394): the value is compared without case. */
    Element findChild(String childName, String attrName, String value) {
      for (Element c : children(childName)) {
        String v = c.attr(attrName);
        if (v != null && v.equalsIgnoreCase(value)) {
          return c;
        }
      }
      return null;
    }

    /** switch_xml_toxml(xml, SWITCH_FALSE): what xml_locate prints. */
    String toXml() {
      StringBuilder out = new StringBuilder();
      write(this, out, 0, new int[] {0}, true);
      return out.toString();
    }
  }

  private static final String WS = "\t\r\n ";

  /** switch_xml_parse_str (switch_xml.c:1091), keeping its error positions. */
  static Element parse(String text) throws ParseError {
    return new Parser(text).run();
  }

  /**
   * The parser works on a NUL-terminated buffer it overwrites, as the C code does: switch_xml_err
   * counts the '\n' left before the error, so newlines it replaced do not count.
   */
  private static final class Parser {
    private final char[] b;
    private final char e;
    private Element root;
    private Element cur;
    private boolean started;

    Parser(String text) {
      b = (text + "\0").toCharArray();
      int len = text.length();
      // The last character is replaced by the terminator and remembered (switch_xml.c:1103).
      e = len == 0 ? '\0' : b[len - 1];
      if (len > 0) {
        b[len - 1] = '\0';
      }
    }

    private ParseError err(int at, String message) {
      int line = 1;
      for (int t = 0; t < at && t < b.length; t++) {
        if (b[t] == '\n') {
          line++;
        }
      }
      return new ParseError("[error near line " + line + "]: " + message);
    }

    private int span(int s, String set) {
      while (b[s] != '\0' && set.indexOf(b[s]) >= 0) {
        s++;
      }
      return s;
    }

    private int cspan(int s, String set) {
      while (b[s] != '\0' && set.indexOf(b[s]) < 0) {
        s++;
      }
      return s;
    }

    private String str(int from, int to) {
      return new String(b, from, to - from);
    }

    private int indexOf(int from, String needle) {
      outer:
      for (int i = from; b[i] != '\0'; i++) {
        for (int j = 0; j < needle.length(); j++) {
          if (b[i + j] != needle.charAt(j)) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private boolean at(int s, String prefix) {
      for (int j = 0; j < prefix.length(); j++) {
        if (b[s + j] != prefix.charAt(j)) {
          return false;
        }
      }
      return true;
    }

    Element run() throws ParseError {
      if (b.length == 1) {
        throw err(0, "root tag missing");
      }
      int s = 0;
      while (b[s] != '\0' && b[s] != '<') {
        s++;
      }
      if (b[s] == '\0') {
        throw err(s, "root tag missing");
      }
      int d;
      for (; ; ) {
        d = ++s;
        char c = b[s];
        if (Character.isLetter(c) || c == '_' || c == ':' || c >= 0x80) {
          s = startTag(s, d);
        } else if (c == '/') {
          d = s + 1;
          s = endTag(d);
        } else {
          s = markup(s, d);
        }
        if (b[s] == '\0') {
          break;
        }
        b[s] = '\0';
        d = ++s;
        if (b[s] != '\0' && b[s] != '<') {
          while (b[s] != '\0' && b[s] != '<') {
            s++;
          }
          if (b[s] != '\0') {
            content(str(d, s), true);
          } else {
            break;
          }
        } else if (b[s] == '\0') {
          break;
        }
      }
      if (started && cur == null) {
        return root;
      }
      if (!started) {
        throw err(d, "root tag missing");
      }
      throw err(d, "unclosed tag <" + cur.name + ">");
    }

    /**
     * A start tag whose name begins at {@code s}; {@code d} is where it began, for the error line.
     * Returns the position of its '>'.
     */
    private int startTag(int s, int d) throws ParseError {
      if (started && cur == null) {
        throw err(d, "markup outside of root element");
      }
      s = cspan(s, WS + "/>");
      String name = str(d, s);
      while (WS.indexOf(b[s]) >= 0 && b[s] != '\0') {
        b[s++] = '\0';
      }
      List<String[]> attrs = new ArrayList<>();
      s = attributes(s, d, attrs);
      if (b[s] == '/') {
        b[s++] = '\0';
        if ((b[s] != '\0' && b[s] != '>') || (b[s] == '\0' && e != '>')) {
          throw err(d, "missing >");
        }
        open(name, attrs);
        close(name, s);
      } else if (b[s] == '>' || (b[s] == '\0' && e == '>')) {
        open(name, attrs);
      } else {
        throw err(d, "missing >");
      }
      return s;
    }

    /** Attributes up to the '/' or '>' that ends their tag; returns that position. */
    private int attributes(int s, int d, List<String[]> attrs) throws ParseError {
      while (b[s] != '\0' && b[s] != '/' && b[s] != '>') {
        int nameStart = s;
        s = cspan(s, WS + "=/>");
        String attrName = str(nameStart, s);
        String value = "";
        if (b[s] == '=' || (b[s] != '\0' && WS.indexOf(b[s]) >= 0)) {
          b[s++] = '\0';
          s = span(s, WS + "=");
          char q = b[s];
          if (q == '"' || q == '\'') {
            int valueStart = ++s;
            while (b[s] != '\0' && b[s] != q) {
              s++;
            }
            if (b[s] == '\0') {
              throw err(d, "missing " + q);
            }
            value = decode(str(valueStart, s), true);
            // switch_xml_decode rewrites whitespace in a value to spaces, in place.
            for (int i = valueStart; i < s; i++) {
              if (Character.isWhitespace(b[i])) {
                b[i] = ' ';
              }
            }
            b[s++] = '\0';
          }
        }
        attrs.add(new String[] {attrName, value});
        while (b[s] != '\0' && Character.isWhitespace(b[s])) {
          s++;
        }
      }
      return s;
    }

    /** An end tag whose name begins at {@code d}; returns the position of its '>'. */
    private int endTag(int d) throws ParseError {
      int s = cspan(d, WS + ">");
      if (b[s] == '\0' && e != '>') {
        throw err(d, "missing >");
      }
      String name = str(d, s);
      char q = b[s];
      b[s] = '\0';
      close(name, s);
      if ((b[s] = q) != '\0' && WS.indexOf(q) >= 0) {
        s = span(s, WS);
      }
      return s;
    }

    /** A comment, CDATA section, DOCTYPE or processing instruction; returns its last position. */
    private int markup(int s, int d) throws ParseError {
      if (at(s, "!--")) {
        int end = indexOf(s + 3, "--");
        if (end < 0) {
          throw err(d, "unclosed <!--");
        }
        s = end + 2;
        if ((b[s] != '>' && b[s] != '\0') || (b[s] == '\0' && e != '>')) {
          throw err(d, "unclosed <!--");
        }
      } else if (at(s, "![CDATA[")) {
        int end = indexOf(s, "]]>");
        if (end < 0) {
          throw err(d, "unclosed <![CDATA[");
        }
        content(str(d + 8, end), false);
        s = end + 2;
      } else if (at(s, "!DOCTYPE")) {
        int end = indexOf(s, ">");
        if (end < 0) {
          throw err(d, "unclosed <!DOCTYPE");
        }
        s = end;
      } else if (b[s] == '?') {
        int end = indexOf(s, "?>");
        if (end < 0) {
          throw err(d, "unclosed <?");
        }
        s = end + 1;
      } else {
        throw err(d, "unexpected <");
      }
      return s;
    }

    /** switch_xml_open_tag: the first tag becomes the root. */
    private void open(String name, List<String[]> attrs) {
      Element element = new Element(name, attrs, cur, cur == null ? 0 : cur.txt.length());
      if (cur == null) {
        root = element;
      } else {
        cur.children.add(element);
      }
      cur = element;
      started = true;
    }

    /** switch_xml_close_tag (switch_xml.c:758). */
    private void close(String name, int s) throws ParseError {
      if (cur == null || !cur.name.equals(name)) {
        throw err(s, "unexpected closing tag </" + name + ">");
      }
      cur = cur.parent;
    }

    /** switch_xml_char_content: text outside the root is dropped. */
    private void content(String text, boolean decode) {
      if (cur != null && !text.isEmpty()) {
        cur.txt.append(decode ? decode(text, false) : text);
      }
    }
  }

  /**
   * switch_xml_decode: line endings normalized, character references and the five predefined
   * entities replaced (an unknown entity stays as written); in an attribute value every whitespace
   * character becomes a space.
   */
  static String decode(String s, boolean attribute) {
    String text = s.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '&') {
        int semi = text.indexOf(';', i);
        String ref = semi < 0 ? "" : text.substring(i + 1, semi);
        String replaced =
            switch (ref) {
              case "lt" -> "<";
              case "gt" -> ">";
              case "quot" -> "\"";
              case "apos" -> "'";
              case "amp" -> "&";
              default -> characterReference(ref);
            };
        if (replaced != null) {
          out.append(replaced);
          i = semi;
          continue;
        }
      }
      out.append(attribute && Character.isWhitespace(c) ? ' ' : c);
    }
    return out.toString();
  }

  private static String characterReference(String ref) {
    if (!ref.startsWith("#") || ref.length() < 2) {
      return null;
    }
    try {
      int code =
          ref.charAt(1) == 'x'
              ? Integer.parseInt(ref.substring(2), 16)
              : Integer.parseInt(ref.substring(1));
      return code <= 0 ? null : new String(Character.toChars(code));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** switch_xml_toxml_r (switch_xml.c:2664), isroot for the element asked for. */
  private static void write(Element xml, StringBuilder s, int start, int[] count, boolean isroot) {
    int loops = 0;
    for (; ; ) {
      if (loops++ > 0) {
        isroot = false;
      }
      String txt = !isroot && xml.parent != null ? xml.parent.txt.toString() : "";
      int from = Math.min(start, txt.length());
      // ampencode with a length of 0 encodes to the end of the text: an element with no text
      // before it repeats the rest of its parent's text there, as FreeSWITCH does.
      amp(
          s,
          xml.off == start
              ? txt.substring(from)
              : txt.substring(from, Math.min(xml.off, txt.length())),
          false);
      if (s.length() > 0 && s.charAt(s.length() - 1) == '>') {
        s.append('\n');
      }
      s.append("  ".repeat(count[0]));
      s.append('<').append(xml.name);
      List<String> written = new ArrayList<>();
      for (String[] a : xml.attrs) {
        // A repeated attribute is written once, with its first value.
        if (!written.contains(a[0])) {
          written.add(a[0]);
          s.append(' ').append(a[0]).append("=\"");
          amp(s, a[1], true);
          s.append('"');
        }
      }
      // Every parsed element has a (possibly empty) text, so "/>" is never written.
      s.append('>');
      if (!xml.children.isEmpty()) {
        count[0]++;
        write(xml.children.get(0), s, 0, count, false);
      } else {
        amp(s, xml.txt.toString(), false);
      }
      if (s.charAt(s.length() - 1) == '\n') {
        s.append("  ".repeat(count[0]));
      }
      s.append("</").append(xml.name).append(">\n");
      int off = Math.min(xml.off, txt.length());
      Element next = nextSibling(xml);
      if (!isroot && next != null) {
        xml = next;
        start = off;
        continue;
      }
      if (count[0] > 0) {
        count[0]--;
      }
      amp(s, txt.substring(off), false);
      return;
    }
  }

  private static Element nextSibling(Element xml) {
    if (xml.parent == null) {
      return null;
    }
    List<Element> siblings = xml.parent.children;
    int i = siblings.indexOf(xml);
    return i + 1 < siblings.size() ? siblings.get(i + 1) : null;
  }

  /** switch_xml_ampencode with use_utf8_encoding: non-ASCII characters as {@code &#xHEX;}. */
  private static void amp(StringBuilder out, String s, boolean attribute) {
    for (int i = 0; i < s.length(); i++) {
      int c = s.codePointAt(i);
      if (Character.charCount(c) == 2) {
        i++;
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> {
          // "<!" (a comment kept in text) and everything after it is copied as it is.
          if (i + 1 < s.length() && s.charAt(i + 1) == '!') {
            out.append(s, i, s.length());
            return;
          }
          out.append("&lt;");
        }
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#xA;" : "\n");
        case '\t' -> out.append(attribute ? "&#x9;" : "\t");
        case '\r' -> out.append("&#xD;");
        default -> {
          if (c < 0x80) {
            out.append((char) c);
          } else {
            out.append("&#x").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append(';');
          }
        }
      }
    }
  }
}
