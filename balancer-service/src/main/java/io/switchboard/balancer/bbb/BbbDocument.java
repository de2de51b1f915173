package io.switchboard.balancer.bbb;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A BBB API answer: the bytes as the server sent them (passed through to clients unchanged) and
 * their parsed form. Parsing refuses DOCTYPEs, so a hostile server cannot make us fetch entities.
 */
public final class BbbDocument {
  private static final ThreadLocal<DocumentBuilder> BUILDERS =
      ThreadLocal.withInitial(BbbDocument::newBuilder);
  private static final ThreadLocal<Transformer> TRANSFORMERS =
      ThreadLocal.withInitial(BbbDocument::newTransformer);

  private final Buffer raw;
  private final Element root;

  private BbbDocument(Buffer raw, Element root) {
    this.raw = raw;
    this.root = root;
  }

  static BbbDocument parse(String serverId, Buffer bytes) {
    Document doc;
    try {
      DocumentBuilder builder = BUILDERS.get();
      builder.reset();
      doc = builder.parse(new ByteArrayInputStream(bytes.getBytes()));
    } catch (Exception e) {
      throw new BbbCallException(serverId, "answered something that is not XML");
    }
    Element root = doc.getDocumentElement();
    if (root == null
        || !"response".equals(root.getTagName())
        || text(root, "returncode").isEmpty()) {
      throw new BbbCallException(serverId, "answered XML that is not a BBB response");
    }
    return new BbbDocument(bytes, root);
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Transformer newTransformer() {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      return t;
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }

  public Buffer raw() {
    return raw;
  }

  /** The messageKey of the answer, if it has one. */
  public Optional<String> messageKey() {
    return text(root, "messageKey");
  }

  public boolean success() {
    return "SUCCESS".equals(text(root, "returncode").orElse(""));
  }

  static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(Node::getTextContent);
  }

  private static Optional<Element> child(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The elements named {@code item} inside the root's child {@code list} ({@code
   * meetings/meeting}).
   */
  public List<Element> items(String list, String item) {
    List<Element> result = new ArrayList<>();
    child(root, list)
        .ifPresent(
            l -> {
              NodeList children = l.getChildNodes();
              for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals(item)) {
                  result.add(e);
                }
              }
            });
    return result;
  }

  /** Text of a direct child of an item, or "" (a meeting's meetingID, a recording's recordID). */
  public static String field(Element item, String name) {
    return text(item, name).orElse("");
  }

  /** An element serialised back to XML, to splice a server's items into a merged answer. */
  public static String serialise(Element item) {
    try {
      StringWriter out = new StringWriter();
      TRANSFORMERS.get().transform(new DOMSource(item), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("a parsed element always serialises", e);
    }
  }
}
