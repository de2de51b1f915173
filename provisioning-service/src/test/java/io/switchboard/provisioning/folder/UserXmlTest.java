package io.switchboard.provisioning.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UserXmlTest {
  /** Characters that are plain, special to XML or FreeSWITCH, or that XML cannot carry as given. */
  private static final String ALPHABET =
      "aZ09 .@-_<>&\"'$%{}/\\=\u00e9\u00ff\u0100\u4e2d\ud83d\ude00\t\n\r\u0001\u007f\u0085\ufffe"
          + "\ud800x-pre-process";

  private static String randomText(Random random) {
    StringBuilder out = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int at = random.nextInt(ALPHABET.length());
      out.append(ALPHABET.charAt(at));
    }
    return out.toString();
  }

  private static DirectoryUser user(String text) {
    return new DirectoryUser("20001", "team", text, "0042", text, "a@b.example", "none");
  }

  @Test
  void aUserThatReadsBackIsParsedFromItsFileExactly() {
    Random random = new Random(13);
    int readBack = 0;
    for (int i = 0; i < 5000; i++) {
      DirectoryUser user = user(randomText(random));
      if (UserXml.readsBack(user)) {
        readBack++;
        assertEquals(Optional.of(user), UserXml.parse(UserXml.render(user), "team"), user.name());
      }
    }
    assertTrue(readBack > 500, "enough plain samples: " + readBack);
  }

  @Test
  void whatXmlWouldChangeOrRefuseIsLeftToTheParser() {
    assertTrue(UserXml.readsBack(user("x-pre-process $${a} <\"'&> \ud83d\ude00")));
    for (String text : new String[] {"a\tb", "a\nb", "a\rb", "a\u0001b", "a\ufffeb", "a\ud800"}) {
      DirectoryUser user = user(text);
      assertFalse(UserXml.readsBack(user), text);
      assertFalse(
          Optional.of(user).equals(UserXml.parse(UserXml.render(user), "team")),
          "the parser indeed gives another user for " + text);
    }
    assertFalse(
        UserXml.readsBack(
            new DirectoryUser("20001", "team", null, "0042", "n", "a@b.example", "none")));
  }
}
