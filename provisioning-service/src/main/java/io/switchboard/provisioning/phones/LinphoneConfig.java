package io.switchboard.provisioning.phones;

import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.XmlText;
import java.util.List;

/**
 * A Linphone remote provisioning document: linphonerc's sections as XML, {@code <config
 * xmlns="http://www.linphone.org/xsds/lpconfig.xsd">} with {@code <section name>} and {@code <entry
 * name>} (Linphone wiki, "Remote Provisioning"), which the app downloads from its provisioning URL
 * and applies. The account is {@code proxy_0} ({@code reg_proxy}, {@code reg_identity}, {@code
 * reg_expires}, {@code reg_sendregister}: liblinphone's "Provisioning configuration keys") with its
 * credentials in {@code auth_info_0} ({@code username}, {@code passwd}, {@code domain}: liblinphone
 * AuthInfo, {@code auth_info_%i}); the conferences of the user's context are contacts, {@code
 * friend_N} sections with {@code url}, {@code pol} and {@code subscribe} (liblinphone
 * coreapi/friend.c, linphone_friend_new_from_config_file). Every value is XML-escaped and display
 * names are SIP quoted-strings.
 */
public final class LinphoneConfig {
  private LinphoneConfig() {}

  static String render(DirectoryUser user, List<Conference> conferences, SipServer server) {
    StringBuilder out =
        new StringBuilder(1024)
            .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append("<config xmlns=\"http://www.linphone.org/xsds/lpconfig.xsd\"")
            .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
            .append(
                " xsi:schemaLocation=\"http://www.linphone.org/xsds/lpconfig.xsd lpconfig.xsd\">\n");
    section(out, "proxy_0");
    entry(
        out,
        "reg_proxy",
        "<sip:" + server.host() + ":" + server.port() + ";transport=" + server.transport() + ">");
    entry(out, "reg_identity", server.nameAddr(user.name(), user.id()));
    entry(out, "reg_expires", "3600");
    entry(out, "reg_sendregister", "1");
    out.append("  </section>\n");
    section(out, "auth_info_0");
    entry(out, "username", user.id());
    entry(out, "passwd", user.password());
    entry(out, "domain", server.host());
    out.append("  </section>\n");
    int index = 0;
    for (Conference conference : conferences) {
      section(out, "friend_" + index++);
      entry(
          out,
          "url",
          server.nameAddr(conference.name() + " " + conference.type(), conference.num()));
      entry(out, "pol", "accept");
      entry(out, "subscribe", "0");
      out.append("  </section>\n");
    }
    return out.append("</config>\n").toString();
  }

  private static void section(StringBuilder out, String name) {
    out.append("  <section name=\"").append(name).append("\" overwrite=\"true\">\n");
  }

  private static void entry(StringBuilder out, String name, String value) {
    out.append("    <entry name=\"")
        .append(name)
        .append("\" overwrite=\"true\">")
        .append(XmlText.attribute(value == null ? "" : value))
        .append("</entry>\n");
  }
}
