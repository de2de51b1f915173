package io.switchboard.provisioning.folder;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conference's file in {@code dialplan/<context>/}: one extension sending its number to the
 * conference application as {@code name@profile} (mod_conference.c, conference_function: the part
 * after '@' names the profile of conference.conf.xml).
 */
public final class ConferenceXml {
  private static final Pattern EXTENSION =
      Pattern.compile(
          "<extension name=\"([^\"]*)\">.*?expression=\"\\^([0-9]+)\\$\".*?"
              + "application=\"conference\" data=\"([^\"@]+)@([^\"]+)\"",
          Pattern.DOTALL);

  private ConferenceXml() {}

  public static String render(Conference conference) {
    String name = XmlText.attribute(conference.name());
    return "<include>\n"
        + "  <extension name=\""
        + name
        + "\">\n"
        + "    <condition field=\"destination_number\" expression=\"^"
        + XmlText.attribute(conference.num())
        + "$\">\n"
        + "      <action application=\"conference\" data=\""
        + name
        + "@"
        + XmlText.attribute(conference.type())
        + "\"/>\n"
        + "    </condition>\n"
        + "  </extension>\n"
        + "</include>\n";
  }

  /**
   * The conference in {@code text} when it has the rendered shape; a hand-written extension of
   * another shape is still applied to the nodes, but is not a conference of the API. Names and
   * types are plain words (the API's schema), so no entity needs decoding.
   */
  public static Optional<Conference> parse(String text, String context) {
    Matcher m = EXTENSION.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Conference(m.group(2), m.group(3), m.group(4), context));
  }
}
