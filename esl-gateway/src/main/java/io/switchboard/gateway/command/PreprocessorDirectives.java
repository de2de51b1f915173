package io.switchboard.gateway.command;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what FreeSWITCH's XML preprocessor would act on in a file the gateway is asked to write.
 * Every {@code reloadxml} (and every {@code sofia profile ... rescan|startgw}, which reload the XML
 * first, mod_sofia.c:3611,3625) preprocesses the files line by line (switch_xml.c:1462): {@code
 * <X-PRE-PROCESS cmd="exec" data="..."/>} runs a shell command (switch_xml.c:1601), {@code
 * exec-set} runs one into a variable (switch_xml.c:110), {@code include} splices in any file on the
 * host (switch_xml.c:1599), {@code set}/{@code env-set}/{@code stun-set} change global variables
 * that other files expand; the comment form {@code <!--#exec "..."-->} does the same
 * (switch_xml.c:1610-1665). FreeSWITCH finds the directive without case (switch_stristr) anywhere
 * in a line: this check refuses it anywhere in the file, whatever the line breaks, and refuses
 * control characters (a NUL ends C's string search early, so FreeSWITCH would see less, never more,
 * than this check).
 *
 * <p>{@code $${name}} is expanded before the search (switch_xml.c:1498) with global variables only,
 * which a file written here cannot set once {@code set} is refused.
 */
public final class PreprocessorDirectives {
  // Without UNICODE_CASE, (?i) folds ASCII only, as switch_stristr's toupper does in the C locale.
  private static final Pattern DIRECTIVE = Pattern.compile("(?i)x-pre-process|<!--#");

  private PreprocessorDirectives() {}

  /**
   * Empty when FreeSWITCH's preprocessor would find nothing to do in {@code content}; otherwise why
   * not.
   */
  public static Optional<String> problem(String content) {
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return Optional.of(
            "content contains the control character U+"
                + String.format("%04X", (int) c)
                + " on line "
                + lineOf(content, i));
      }
    }
    Matcher directive = DIRECTIVE.matcher(content);
    if (directive.find()) {
      return Optional.of(
          "line "
              + lineOf(content, directive.start())
              + " holds a preprocessor directive ('"
              + directive.group()
              + "'), which FreeSWITCH would run on the next reloadxml");
    }
    return Optional.empty();
  }

  /** Each CR and each LF ends a line, as switch_fp_read_dline reads them (switch_utils.c:924). */
  private static int lineOf(String content, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      char c = content.charAt(i);
      if (c == '\n' || c == '\r') {
        line++;
      }
    }
    return line;
  }
}
