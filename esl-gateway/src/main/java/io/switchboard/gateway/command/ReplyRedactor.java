package io.switchboard.gateway.command;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in FreeSWITCH's replies before they leave the gateway: results go to a topic every
 * service reads. FreeSWITCH keeps its secrets in XML params and variables ({@code <param
 * name="password" value="..."/>} of directory users, gateways and event_socket.conf; {@code
 * vm-password}, {@code a1-hash}, {@code reverse-auth-pass}) and in global variables ({@code
 * default_password}); {@code xml_locate} prints them as switch_xml_toxml writes them
 * (mod_commands.c:1825), {@code global_getvar} without a name prints every global as {@code
 * name=value} lines (switch_core.c:350).
 *
 * <p>A name is secret when it contains {@code pass} (not counting {@code bypass}), {@code secret},
 * {@code a1-hash}, {@code cred}, {@code dsn}, {@code token}, {@code private-key}, {@code api-key}
 * or {@code apikey}, in any case. Masked are: the {@code value} of an element whose {@code name} is
 * secret, an attribute whose own name is secret, the value part of a {@code name=value} attribute
 * or line whose name is secret, the text of an element whose tag is secret, and the password of a
 * {@code scheme://user:password@} address. What is masked reads {@value #MASK}.
 */
public final class ReplyRedactor {
  public static final String MASK = "[redacted]";

  private static final String[] SECRET_PARTS = {
    "pass", "secret", "a1-hash", "cred", "dsn", "token", "private-key", "api-key", "apikey"
  };
  private static final Pattern TAG = Pattern.compile("<[A-Za-z_][^<>]*>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([A-Za-z_][\\w:.-]*)(\\s*=\\s*)(\"([^\"]*)\"|'([^']*)')");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(\\s*[\\w.:-]+\\s*=)(.*)$", Pattern.DOTALL);
  private static final Pattern LINE = Pattern.compile("(?m)^([\\w.:-]+=)(.*)$");
  private static final Pattern ELEMENT_TEXT = Pattern.compile("<([A-Za-z_][\\w.-]*)>([^<]*)</\\1>");
  // Bounded repetitions: replies can be megabytes, and an unbounded scheme would be tried from
  // every letter of a long word.
  private static final Pattern URL_PASSWORD =
      Pattern.compile(
          "\\b([A-Za-z][A-Za-z0-9+.-]{0,31}://[^:/@\\s\"'<>]{1,256}:)([^@\\s\"'<>/]{1,256})@");

  private ReplyRedactor() {}

  public static boolean secret(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replace("bypass", "");
    for (String part : SECRET_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code reply} with its secrets masked; {@code commandLine} is what produced it: {@code
   * global_getvar <secret name>} answers with nothing but the value.
   */
  public static String redact(String commandLine, String reply) {
    if (reply == null) {
      return null;
    }
    String[] words = commandLine.trim().split(" +");
    if (words.length == 2 && words[0].equalsIgnoreCase("global_getvar") && secret(words[1])) {
      return reply.isEmpty() ? reply : MASK;
    }
    String masked = replace(TAG, reply, ReplyRedactor::tag);
    masked =
        replace(
            ELEMENT_TEXT,
            masked,
            m ->
                secret(m.group(1))
                    ? "<" + m.group(1) + ">" + MASK + "</" + m.group(1) + ">"
                    : m.group());
    masked =
        replace(
            LINE,
            masked,
            m ->
                secret(m.group(1).substring(0, m.group(1).length() - 1))
                    ? m.group(1) + MASK
                    : m.group());
    return replace(URL_PASSWORD, masked, m -> m.group(1) + MASK + "@");
  }

  private static String tag(Matcher tag) {
    String text = tag.group();
    Matcher nameAttribute = ATTRIBUTE.matcher(text);
    boolean secretName = false;
    while (nameAttribute.find()) {
      if (nameAttribute.group(1).equalsIgnoreCase("name") && secret(value(nameAttribute))) {
        secretName = true;
      }
    }
    boolean valueIsSecret = secretName;
    return replace(
        ATTRIBUTE,
        text,
        a -> {
          String attribute = a.group(1);
          String value = value(a);
          String quote = a.group(3).substring(0, 1);
          if (secret(attribute) || valueIsSecret && attribute.equalsIgnoreCase("value")) {
            return attribute + a.group(2) + quote + MASK + quote;
          }
          Matcher assignment = ASSIGNMENT.matcher(value);
          if (assignment.matches() && secret(assignment.group(1).replace("=", "").trim())) {
            return attribute + a.group(2) + quote + assignment.group(1) + MASK + quote;
          }
          return a.group();
        });
  }

  private static String value(Matcher attribute) {
    return attribute.group(4) != null ? attribute.group(4) : attribute.group(5);
  }

  private static String replace(Pattern pattern, String text, Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
