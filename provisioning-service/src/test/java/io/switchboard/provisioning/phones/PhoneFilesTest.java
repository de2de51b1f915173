package io.switchboard.provisioning.phones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.provisioning.folder.Conference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MAC addresses are read in every spelling Polycom allows; values never break out of markup. */
class PhoneFilesTest {
  @Test
  void macAddressesAreTwelveHexDigitsInAnyCaseOrPairs() {
    MacAddress mac = new MacAddress("0004f200106c");
    assertEquals(Optional.of(mac), MacAddress.parse("0004F200106C"));
    assertEquals(Optional.of(mac), MacAddress.parse("00:04:f2:00:10:6c"));
    assertEquals(Optional.of(mac), MacAddress.parse("00-04-F2-00-10-6C"));
    for (String bad :
        new String[] {
          "none", "", "0004f200106", "0004f200106cc", "0004g200106c", "00:04f2:00:10:6c"
        }) {
      assertEquals(Optional.empty(), MacAddress.parse(bad), bad);
    }
    assertEquals(Optional.empty(), MacAddress.parse(null));
  }

  @Test
  void directoryEntriesAndSipDisplayNamesAreEscaped() {
    String directory =
        PolycomFiles.directory(List.of(new Conference("20002", "a</fn><x>&", "t\"", "team")));
    assertTrue(directory.contains("<fn>a&lt;/fn&gt;&lt;x&gt;&amp;</fn>"), directory);
    assertFalse(directory.contains("<x>"));
    assertEquals("\"a \\\"b\\\\\"", SipServer.quoted("a \"b\\"));
    assertEquals(
        "\"x\" <sip:20000@h.example>",
        new SipServer("h.example", 5060, "udp").nameAddr("x", "20000"));
  }
}
