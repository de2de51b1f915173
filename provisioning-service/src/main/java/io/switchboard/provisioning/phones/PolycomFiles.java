package io.switchboard.provisioning.phones;

import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.XmlText;
import java.util.List;
import java.util.Map;

/**
 * The per-phone files a Polycom phone fetches from its provisioning server, named by its MAC
 * address (Polycom SoundPoint IP / SoundStation IP Administrator's Guide, UC Software; Poly
 * community FAQ "What files does my phone download or upload and why"):
 *
 * <ul>
 *   <li>{@code <MAC>.cfg}, the per-phone master configuration file: one {@code <APPLICATION>}
 *       element whose {@code CONFIG_FILES} lists the configuration files, fetched from the same
 *       folder ("Master Configuration Files");
 *   <li>{@code <MAC>-switchboard.cfg}, that configuration file: the registration as {@code reg.1.*}
 *       attributes of {@code <PHONE_CONFIG><ALL .../>} (reg.x.address, reg.x.auth.userId,
 *       reg.x.auth.password, reg.x.server.y.address/port/transport with transport one of DNSnaptr,
 *       TCPpreferred, UDPOnly, TLS, TCPOnly). Not {@code <MAC>-phone.cfg}: the phone uploads its
 *       own changes under that name;
 *   <li>{@code <MAC>-directory.xml}, the local contact directory ("Local Contact Directory File
 *       Format": {@code <directory><item_list><item>} with {@code fn} first name, {@code ln} last
 *       name, {@code ct} contact, {@code sd} speed dial): here the conferences of the user's
 *       context, which the phone reads at every boot.
 * </ul>
 *
 * Every value is XML-escaped.
 */
public final class PolycomFiles {
  static final String CONFIG_SUFFIX = "-switchboard.cfg";
  static final String DIRECTORY_SUFFIX = "-directory.xml";
  private static final Map<String, String> TRANSPORTS =
      Map.of("udp", "UDPOnly", "tcp", "TCPOnly", "tls", "TLS");
  private static final String HEADER =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

  private PolycomFiles() {}

  /** {@code <MAC>.cfg}: the firmware stays as the phone has it unless sip.ld is served beside. */
  static String master(MacAddress mac) {
    return HEADER
        + "<APPLICATION APP_FILE_PATH=\"sip.ld\" CONFIG_FILES=\""
        + mac
        + CONFIG_SUFFIX
        + "\" MISC_FILES=\"\" LOG_FILE_DIRECTORY=\"\" OVERRIDES_DIRECTORY=\"\""
        + " CONTACTS_DIRECTORY=\"\" LICENSE_DIRECTORY=\"\"/>\n";
  }

  /** {@code <MAC>-switchboard.cfg}: line 1 registers as the user. */
  static String registration(DirectoryUser user, SipServer server) {
    StringBuilder out = new StringBuilder(HEADER).append("<PHONE_CONFIG>\n  <ALL\n");
    attribute(out, "reg.1.address", user.id());
    attribute(out, "reg.1.auth.userId", user.id());
    attribute(out, "reg.1.auth.password", user.password());
    attribute(out, "reg.1.displayName", user.name());
    attribute(out, "reg.1.label", user.name());
    attribute(out, "reg.1.server.1.address", server.host());
    attribute(out, "reg.1.server.1.port", Integer.toString(server.port()));
    attribute(out, "reg.1.server.1.transport", TRANSPORTS.get(server.transport()));
    return out.append("  />\n</PHONE_CONFIG>\n").toString();
  }

  /** {@code <MAC>-directory.xml}: one item per conference, speed dials from 1. */
  static String directory(List<Conference> conferences) {
    StringBuilder out = new StringBuilder(HEADER).append("<directory>\n  <item_list>\n");
    int speedDial = 1;
    for (Conference conference : conferences) {
      out.append("    <item>\n");
      element(out, "fn", conference.name());
      element(out, "ln", conference.type());
      element(out, "ct", conference.num());
      element(out, "sd", Integer.toString(speedDial++));
      out.append("    </item>\n");
    }
    return out.append("  </item_list>\n</directory>\n").toString();
  }

  private static void attribute(StringBuilder out, String name, String value) {
    out.append("    ")
        .append(name)
        .append("=\"")
        .append(XmlText.attribute(value == null ? "" : value))
        .append("\"\n");
  }

  private static void element(StringBuilder out, String tag, String value) {
    out.append("      <")
        .append(tag)
        .append('>')
        .append(XmlText.attribute(value))
        .append("</")
        .append(tag)
        .append(">\n");
  }
}
