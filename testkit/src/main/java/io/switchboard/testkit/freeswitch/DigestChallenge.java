package io.switchboard.testkit.freeswitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;

/**
 * A registrar's digest challenge and the credentials that answer it (RFC 2617 with the MD5 and
 * MD5-sess algorithms sofia-sip's auc_digest offers, qop "auth" or none). Each use counts the nonce
 * up, as sofia-sip does when it reuses a cached challenge.
 */
final class DigestChallenge {
  private final String realm;
  private final String nonce;
  private final String opaque;
  private final String algorithm;
  private final boolean qopAuth;
  private final boolean proxy;
  private final String username;
  private final String password;
  private final String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private int nonceCount;

  DigestChallenge(
      WWWAuthenticateHeader challenge, boolean proxy, String username, String password) {
    this.realm = challenge.getRealm();
    this.nonce = challenge.getNonce();
    this.opaque = challenge.getOpaque();
    this.algorithm = challenge.getAlgorithm();
    String qop = challenge.getQop();
    this.qopAuth =
        qop != null
            && Arrays.stream(qop.split(",")).map(String::trim).anyMatch("auth"::equalsIgnoreCase);
    this.proxy = proxy;
    this.username = username;
    this.password = password;
  }

  static boolean supports(WWWAuthenticateHeader challenge) {
    String algorithm = challenge.getAlgorithm();
    return "Digest".equalsIgnoreCase(challenge.getScheme())
        && challenge.getNonce() != null
        && (algorithm == null
            || algorithm.equalsIgnoreCase("MD5")
            || algorithm.equalsIgnoreCase("MD5-sess"));
  }

  AuthorizationHeader authorize(HeaderFactory headers, String method, URI uri)
      throws ParseException {
    nonceCount++;
    String nc = String.format(Locale.ROOT, "%08x", nonceCount);
    String ha1 = md5(username + ":" + realm + ":" + password);
    if ("MD5-sess".equalsIgnoreCase(algorithm)) {
      ha1 = md5(ha1 + ":" + nonce + ":" + cnonce);
    }
    String ha2 = md5(method + ":" + uri.toString());
    String response =
        qopAuth
            ? md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
            : md5(ha1 + ":" + nonce + ":" + ha2);
    AuthorizationHeader header =
        proxy
            ? headers.createProxyAuthorizationHeader("Digest")
            : headers.createAuthorizationHeader("Digest");
    header.setUsername(username);
    header.setRealm(realm);
    header.setNonce(nonce);
    header.setURI(uri);
    header.setResponse(response);
    if (algorithm != null) {
      header.setAlgorithm(algorithm);
    }
    if (opaque != null) {
      header.setOpaque(opaque);
    }
    if (qopAuth) {
      header.setQop("auth");
      header.setNonceCount(nonceCount);
      header.setCNonce(cnonce);
    }
    return header;
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }
}
