package io.switchboard.testkit.freeswitch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The XML configuration as FreeSWITCH holds it: one document, preprocessed from {@code
 * freeswitch.xml} and what it includes ({@link XmlPreprocessor}), then parsed once by switch_xml
 * ({@link SwitchXml}), as __switch_xml_open_root does (switch_xml.c:2433-2470). A file no include
 * reaches is not read at all. When parsing fails the previous document stays and {@link #reload()}
 * answers switch_xml_err's text, for {@code reloadxml}'s {@code +OK [...]}.
 */
final class XmlConfiguration {
  static final String ROOT_FILE = "freeswitch.xml";

  private final Path root;
  private final XmlPreprocessor preprocessor;
  private SwitchXml.Element document;

  XmlConfiguration(Path root) {
    this(root, new ConcurrentHashMap<>());
  }

  /** {@code variables}: the core variables the preprocessor expands and sets. */
  XmlConfiguration(Path root, Map<String, String> variables) {
    this.root = root;
    this.preprocessor = new XmlPreprocessor(variables);
  }

  /** A configuration read and parsed, not yet in use: its document, or why there is none. */
  record Loaded(SwitchXml.Element document, String error) {}

  /** "Success", or the error; the RELOADXML event is the caller's business. */
  String reload() {
    return install(load());
  }

  /**
   * Reads and parses the configuration without putting it in use: a thread of its own may do this
   * (FreeSWITCH reloads in the thread of the command that asked, not in its event thread).
   */
  Loaded load() {
    if (root == null) {
      return new Loaded(null, "Success");
    }
    String merged = preprocessor.run(root.resolve(ROOT_FILE));
    if (merged == null) {
      return new Loaded(null, "Cannot Open log directory or XML Root!");
    }
    try {
      return new Loaded(SwitchXml.parse(merged), "Success");
    } catch (SwitchXml.ParseError e) {
      return new Loaded(null, e.getMessage());
    }
  }

  /** Puts {@code loaded} in use when it parsed; else the previous document stays. */
  String install(Loaded loaded) {
    if (loaded.document() != null) {
      document = loaded.document();
    }
    return loaded.error();
  }

  /**
   * The {@code <gateway name="...">} children of the profile's first {@code <gateways>}, with their
   * {@code <param>}s, as config_sofia hands them to parse_gateways (sofia.c:3058, 3767). Gateways
   * inside directory users ({@code <domain parse="true">}, sofia.c:4231) are not read.
   */
  Map<String, Map<String, String>> gateways(String profile) {
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    SwitchXml.Element xprofile = profileElement(profile);
    SwitchXml.Element gatewaysTag = xprofile == null ? null : xprofile.child("gateways");
    if (gatewaysTag == null) {
      return result;
    }
    for (SwitchXml.Element gateway : gatewaysTag.children("gateway")) {
      Map<String, String> params = new LinkedHashMap<>();
      for (SwitchXml.Element param : gateway.children("param")) {
        params.put(soft(param.attr("name")), soft(param.attr("value")));
      }
      // A second gateway of the same name is ignored, as parse_gateways ignores a duplicate.
      result.putIfAbsent(soft(gateway.attr("name")), params);
    }
    return result;
  }

  /**
   * The {@code <param>}s of the profile's {@code <settings>} (sofia.c config_sofia), e.g. {@code
   * sip-ip} and {@code ext-sip-ip}; empty when the profile or its settings are missing.
   */
  Map<String, String> profileSettings(String profile) {
    Map<String, String> result = new LinkedHashMap<>();
    SwitchXml.Element xprofile = profileElement(profile);
    SwitchXml.Element settings = xprofile == null ? null : xprofile.child("settings");
    if (settings != null) {
      for (SwitchXml.Element param : settings.children("param")) {
        result.putIfAbsent(soft(param.attr("name")), soft(param.attr("value")));
      }
    }
    return result;
  }

  /** The {@code <profile name>}s of sofia.conf's {@code <profiles>} (sofia.c config_sofia). */
  List<String> profiles() {
    List<String> names = new ArrayList<>();
    SwitchXml.Element profiles = sofiaProfiles();
    if (profiles != null) {
      for (SwitchXml.Element p : profiles.children("profile")) {
        String name = p.attr("name");
        if (name != null && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private SwitchXml.Element sofiaProfiles() {
    SwitchXml.Element section =
        document == null ? null : document.findChild("section", "name", "configuration");
    SwitchXml.Element sofia =
        section == null ? null : section.findChild("configuration", "name", "sofia.conf");
    return sofia == null ? null : sofia.child("profiles");
  }

  private SwitchXml.Element profileElement(String profile) {
    SwitchXml.Element profiles = sofiaProfiles();
    if (profiles == null) {
      return null;
    }
    for (SwitchXml.Element p : profiles.children("profile")) {
      if (profile.equals(p.attr("name"))) {
        return p;
      }
    }
    return null;
  }

  private static String soft(String value) {
    return value == null ? "" : value;
  }

  /**
   * xml_locate (mod_commands.c:1825): {@code root} prints the whole document, {@code <section>}
   * that section, {@code <section> <tag> <attr> <value>} the first {@code <tag>} directly under the
   * section whose attribute matches; section names and values are compared without case
   * (switch_xml_locate, switch_xml.c:1852, and switch_xml_find_child, :394). The text is
   * switch_xml_toxml's, which ends with the last closing tag's newline.
   */
  String locate(String args) {
    // switch_separate_string with room for 4: a fifth word stays in the fourth argument.
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split(" +", 4);
    if (argv.length == 1 && argv[0].equalsIgnoreCase("root")) {
      return document == null ? "" : document.toXml();
    }
    if (argv.length != 1 && argv.length != 4) {
      return "-ERR bad args\n";
    }
    SwitchXml.Element section =
        document == null ? null : document.findChild("section", "name", argv[0]);
    SwitchXml.Element found =
        section == null || argv.length == 1
            ? section
            : section.findChild(argv[1], argv[2], argv[3]);
    return found == null ? "can't find anything\n" : found.toXml();
  }
}
