package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The port of switch_xml.c's parser and writer against what FreeSWITCH's own code answers. */
class SwitchXmlTest {

  private static String error(String text) {
    return assertThrows(SwitchXml.ParseError.class, () -> SwitchXml.parse(text)).getMessage();
  }

  @Test
  void toXmlIndentsChildrenAndEndsWithTheClosingTagsNewline() throws Exception {
    // switch_xml_toxml_r (switch_xml.c:2664); the same shape as tests/unit/switch_xml.c's CDATA
    // case.
    assertEquals(
        "<xml>\n  <tag>Fran&#xE7;ais &amp; co</tag>\n</xml>\n",
        SwitchXml.parse("<xml><tag><![CDATA[Français & co]]></tag></xml>").toXml());
  }

  @Test
  void toXmlKeepsTheParsedWhitespaceAndWritesEmptyElementsWithAClosingTag() throws Exception {
    // Character content is kept with its whitespace, and every element has a text (""), so
    // "/>" is never written (switch_xml_add_child, switch_xml.c:3007).
    SwitchXml.Element root =
        SwitchXml.parse(
            "<configuration name=\"b.conf\">\n    <param name=\"x\" value=\"1\"/>\n  </configuration>");
    assertEquals(
        "<configuration name=\"b.conf\">\n      <param name=\"x\" value=\"1\"></param>\n\n  </configuration>\n",
        root.toXml());
  }

  @Test
  void attributeValuesAreDecodedWithWhitespaceAsSpaces() throws Exception {
    // switch_xml_decode with type ' ' (switch_xml.c:681).
    SwitchXml.Element root = SwitchXml.parse("<a v=\"x&amp;y&#65;\tz\" w='q'></a>");
    assertEquals("x&yA z", root.attr("v"));
    assertEquals("q", root.attr("w"));
    assertEquals("<a v=\"x&amp;yA z\" w=\"q\"></a>\n", root.toXml());
  }

  @Test
  void errorsReadAsSwitchXmlErrWritesThemWithTheLineOfTheError() {
    // switch_xml_err (switch_xml.c:577) and the messages of switch_xml_parse_str (:1091-1241).
    assertEquals(
        "[error near line 3]: unexpected closing tag </gateways>",
        error("<gateways>\n<gateway name=\"x\">\n</gateways>\n"));
    assertEquals("[error near line 3]: unclosed tag <a>", error("<a>\n<b>\n</b>"));
    assertEquals("[error near line 2]: missing >", error("<a>\n<b</a>"));
    assertEquals("[error near line 1]: missing \"", error("<a b=\"1></a>"));
    assertEquals("[error near line 1]: markup outside of root element", error("<a/><b/>"));
    assertEquals("[error near line 1]: root tag missing", error("no markup"));
    assertEquals("[error near line 2]: unclosed <!--", error("<a>\n<!-- x </a>"));
  }

  @Test
  void aNewlineInsideATagIsNotCountedBecauseTheParserOverwritesIt() {
    // switch_xml_parse_str nulls the whitespace after a tag name (switch_xml.c:1120) and
    // switch_xml_err only counts the '\n' left before the error.
    // The closing tag is on line 4 of the text.
    assertEquals(
        "[error near line 3]: unexpected closing tag </a>", error("<a>\n<b\n x=\"1\">\n</a>"));
  }

  @Test
  void childrenAreFoundByTagWithTheValueComparedWithoutCase() throws Exception {
    // switch_xml_find_child (switch_xml.c:394): strcasecmp on the value, tag names as written.
    SwitchXml.Element root =
        SwitchXml.parse("<d><s name=\"One\"/><S name=\"two\"/><s name=\"TWO\"/></d>");
    assertEquals("TWO", root.findChild("s", "name", "two").attr("name"));
    assertEquals("One", root.findChild("s", "name", "one").attr("name"));
  }
}
