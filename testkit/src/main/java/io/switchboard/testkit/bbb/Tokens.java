package io.switchboard.testkit.bbb;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers shaped like commons-lang RandomStringUtils.randomAlphanumeric, which bbb-web
 * uses.
 */
final class Tokens {
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Tokens() {}

  static String alphanumeric(int length, boolean lowerCase) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
      out.append(lowerCase ? Character.toLowerCase(c) : c);
    }
    return out.toString();
  }
}
