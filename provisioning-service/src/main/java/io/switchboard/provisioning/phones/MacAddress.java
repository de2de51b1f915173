package io.switchboard.provisioning.phones;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone's Ethernet address, normalised to 12 lower-case hex digits: Polycom names its per-phone
 * files by it, "for A-F hexadecimal digits, use upper or lower case, for example, 0004f200106c.cfg"
 * (Polycom SoundPoint IP / SoundStation IP Administrator's Guide, "Master Configuration Files").
 * Written with ':' or '-' between the pairs, or in upper case, it is the same address.
 */
public record MacAddress(String hex) {
  private static final Pattern PLAIN = Pattern.compile("[0-9a-f]{12}");
  private static final Pattern SEPARATED = Pattern.compile("[0-9a-f]{2}([:-][0-9a-f]{2}){5}");

  public MacAddress {
    if (!PLAIN.matcher(hex).matches()) {
      throw new IllegalArgumentException("not 12 lower-case hex digits: " + hex);
    }
  }

  /** The address in {@code text}; empty when it is not 12 hex digits, plain or in pairs. */
  public static Optional<MacAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (PLAIN.matcher(lower).matches()) {
      return Optional.of(new MacAddress(lower));
    }
    if (SEPARATED.matcher(lower).matches()) {
      return Optional.of(new MacAddress(lower.replaceAll("[:-]", "")));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return hex;
  }
}
