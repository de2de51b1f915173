package io.switchboard.testkit.freeswitch;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

/**
 * The XML configuration FreeSWITCH reads from its configuration folder. {@link #reload()} parses
 * every {@code *.xml} file below it; when one is malformed the previous configuration stays
 * and the error reads as switch_xml_err writes it ({@code [error near line N]: ...}), so that
 * {@code reloadxml} answers {@code +OK [<error>]} as mod_commands.c's reload_xml_function does.
 */
final class XmlConfiguration {
  private final Path root;
  private Map<Path, Document> documents = new LinkedHashMap<>();

  XmlConfiguration(Path root) {
    this.root = root;
  }

  /** "Success", or the first error found; the RELOADXML event is the caller's business. */
  String reload() {
    if (root == null) {
      return "Success";
    }
    Map<Path, Document> parsed = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".xml") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      return "Cannot Open log directory or XML Root!";
    }
    DocumentBuilder builder = newBuilder();
    for (Path file : files) {
      try {
        parsed.put(root.relativize(file), builder.parse(file.toFile()));
      } catch (SAXParseException e) {
        return "[error near line " + Math.max(1, e.getLineNumber()) + "]: " + e.getMessage() + " (" + root.relativize(file) + ")";
      } catch (Exception e) {
        return "[error near line 1]: " + e.getMessage() + " (" + root.relativize(file) + ")";
      }
    }
    documents = parsed;
    return "Success";
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Errors are returned to the caller; the default handler would also print them.
      builder.setErrorHandler(null);
      return builder;
    } catch (Exception e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }

  /** Every {@code <gateway name="...">} in sip_profiles/{profile}/*.xml, with its params. */
  Map<String, Map<String, String>> gateways(String profile) {
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    Path dir = Path.of("sip_profiles", profile);
    documents.forEach((path, doc) -> {
      if (path.getParent() == null || !path.getParent().equals(dir)) {
        return;
      }
      NodeList gateways = doc.getElementsByTagName("gateway");
      for (int i = 0; i < gateways.getLength(); i++) {
        Element gateway = (Element) gateways.item(i);
        Map<String, String> params = new LinkedHashMap<>();
        NodeList paramNodes = gateway.getElementsByTagName("param");
        for (int j = 0; j < paramNodes.getLength(); j++) {
          Element param = (Element) paramNodes.item(j);
          params.put(param.getAttribute("name"), param.getAttribute("value"));
        }
        result.put(gateway.getAttribute("name"), params);
      }
    });
    return result;
  }

  /** Profiles: sip_profiles/{name}.xml files and sip_profiles/{name}/ folders. */
  List<String> profiles() {
    List<String> names = new ArrayList<>();
    documents.keySet().forEach(path -> {
      if (path.getNameCount() >= 2 && path.getName(0).toString().equals("sip_profiles")) {
        String name = path.getNameCount() == 2 ? path.getName(1).toString().replaceFirst("\\.xml$", "") : path.getName(1).toString();
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    });
    return names;
  }

  /**
   * xml_locate: {@code <section>} alone returns that section, or {@code <section> <tag> <attr>
   * <value>} the first {@code <tag attr="value">}; "can't find anything" otherwise.
   */
  String locate(String args) {
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split(" ");
    if (argv.length != 1 && argv.length != 4) {
      return "-ERR bad args\n";
    }
    for (Document doc : documents.values()) {
      NodeList candidates = doc.getElementsByTagName(argv.length == 1 ? "section" : argv[1]);
      for (int i = 0; i < candidates.getLength(); i++) {
        Element e = (Element) candidates.item(i);
        boolean match = argv.length == 1 ? argv[0].equals(e.getAttribute("name")) : argv[3].equals(e.getAttribute(argv[2]));
        if (match) {
          return serialize(e);
        }
      }
    }
    return "can't find anything\n";
  }

  private static String serialize(Element element) {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      t.transform(new DOMSource(element), new StreamResult(out));
      return out + "\n";
    } catch (Exception e) {
      return "-ERR " + e.getMessage() + "\n";
    }
  }
}
