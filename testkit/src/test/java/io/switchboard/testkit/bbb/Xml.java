package io.switchboard.testkit.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** A parsed BBB response, read with XPath. Parsing fails the test when the body is not XML. */
final class Xml {
  private final Document document;

  private Xml(Document document) {
    this.document = document;
  }

  static Xml of(HttpResponse<String> response) {
    assertEquals(
        200, response.statusCode(), () -> "status of " + response.uri() + ": " + response.body());
    return parse(response.body());
  }

  static Xml parse(String body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return new Xml(factory.newDocumentBuilder().parse(new InputSource(new StringReader(body))));
    } catch (Exception e) {
      throw new IllegalArgumentException("not XML: " + body, e);
    }
  }

  /** Text of the node at this XPath, null when there is none. */
  String text(String xpath) {
    Node node = node(xpath);
    return node == null ? null : node.getTextContent();
  }

  Node node(String xpath) {
    try {
      return (Node)
          XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODE);
    } catch (Exception e) {
      throw new IllegalArgumentException(xpath, e);
    }
  }

  int count(String xpath) {
    try {
      return ((NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(xpath, document, XPathConstants.NODESET))
          .getLength();
    } catch (Exception e) {
      throw new IllegalArgumentException(xpath, e);
    }
  }

  /** Names of the child elements of the node at this XPath, in document order. */
  List<String> childNames(String xpath) {
    List<String> names = new ArrayList<>();
    NodeList children = node(xpath).getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element element) {
        names.add(element.getTagName());
      }
    }
    return names;
  }

  String returncode() {
    return text("/response/returncode");
  }

  String messageKey() {
    return text("/response/messageKey");
  }

  String message() {
    return text("/response/message");
  }
}
