package io.switchboard.provisioning.folder;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A user's file in {@code directory/<context>/}: written from a {@link DirectoryUser}, and read
 * back from whatever is there, also a hand-written file. The connector's own fields travel as user
 * variables, which FreeSWITCH sets on the user's channels and otherwise ignores.
 */
public final class UserXml {
  // Building a parser costs more than parsing a user's file: one per thread, reused.
  private static final ThreadLocal<DocumentBuilder> PARSER =
      ThreadLocal.withInitial(UserXml::builder);

  private UserXml() {}

  public static String render(DirectoryUser user) {
    StringBuilder out = new StringBuilder(512);
    out.append("<include>\n");
    out.append("  <user id=\"").append(XmlText.attribute(user.id())).append("\">\n");
    out.append("    <params>\n");
    param(out, "param", "password", user.password());
    out.append("    </params>\n");
    out.append("    <variables>\n");
    param(out, "variable", "user_context", user.context());
    param(out, "variable", "effective_caller_id_name", user.name());
    param(out, "variable", "effective_caller_id_number", user.id());
    param(out, "variable", "email", user.email());
    param(out, "variable", "conpin", user.conpin());
    param(out, "variable", "polymac", user.polymac());
    out.append("    </variables>\n");
    out.append("  </user>\n");
    out.append("</include>\n");
    return out.toString();
  }

  /**
   * Whether {@link #parse} of {@link #render}'s text gives {@code user} back exactly: every field
   * set, and no character that XML cannot carry or that an attribute's value normalisation turns
   * into a space (tab, line breaks).
   */
  public static boolean readsBack(DirectoryUser user) {
    return !user.id().isEmpty()
        && plain(user.id())
        && plain(user.context())
        && plain(user.password())
        && plain(user.conpin())
        && plain(user.name())
        && plain(user.email())
        && plain(user.polymac());
  }

  private static boolean plain(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (c < 0x20 || c > 0xfffd || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void param(StringBuilder out, String tag, String name, String value) {
    out.append("      <")
        .append(tag)
        .append(" name=\"")
        .append(name)
        .append("\" value=\"")
        .append(XmlText.attribute(value == null ? "" : value))
        .append("\"/>\n");
  }

  /**
   * The user in {@code text}; empty when it holds no well-formed {@code <user id>} (FreeSWITCH will
   * say what is wrong with it when it loads it). Entities are decoded as FreeSWITCH decodes them;
   * no DTD is read.
   */
  public static Optional<DirectoryUser> parse(String text, String context) {
    Element user;
    try {
      // FreeSWITCH's files wrap a fragment in <include>; a file without it is one element.
      NodeList users =
          PARSER.get().parse(new InputSource(new StringReader(text))).getElementsByTagName("user");
      if (users.getLength() != 1) {
        return Optional.empty();
      }
      user = (Element) users.item(0);
    } catch (SAXException | IOException e) {
      return Optional.empty();
    }
    String id = user.getAttribute("id");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    for (String tag : new String[] {"param", "variable"}) {
      NodeList nodes = user.getElementsByTagName(tag);
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        values.put(e.getAttribute("name"), e.getAttribute("value"));
      }
    }
    return Optional.of(
        new DirectoryUser(
            id,
            context,
            values.getOrDefault("password", ""),
            values.getOrDefault("conpin", ""),
            values.getOrDefault("effective_caller_id_name", ""),
            values.getOrDefault("email", ""),
            values.getOrDefault("polymac", DirectoryUser.NO_PHONE)));
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
    }
  }
}
