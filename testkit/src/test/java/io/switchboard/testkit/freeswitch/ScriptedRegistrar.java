package io.switchboard.testkit.freeswitch;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP registrar on UDP that answers each user as a test scripts it: digest-authenticated
 * registration (RFC 2617, qop=auth), 403, 503, silence, or a challenge sent from another address
 * (127.0.0.2) than the one the REGISTER went to. Written from RFC 3261 independently of the
 * simulator's JAIN-SIP side; the real registrar test uses Kamailio instead.
 */
final class ScriptedRegistrar implements AutoCloseable {
  static final String REALM = "registrar.test";

  enum Answer {
    ACCEPT,
    FORBIDDEN,
    UNAVAILABLE,
    SILENT,
    CHALLENGE_FROM_ELSEWHERE
  }

  /** One REGISTER as received. */
  record Received(String user, String callId, long cseq, int expires, boolean authorized) {}

  private final String password;
  private final DatagramSocket socket;
  private final DatagramSocket elsewhere;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Set<String> nonces = ConcurrentHashMap.newKeySet();
  private final List<Received> received = new ArrayList<>();
  private final Map<String, String> bindings = new LinkedHashMap<>();
  private final Thread reader;
  private volatile int grantedExpires = -1;

  ScriptedRegistrar(String password) throws SocketException {
    this.password = password;
    this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.elsewhere = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
    this.reader = new Thread(this::serve, "scripted-registrar");
    reader.setDaemon(true);
    reader.start();
  }

  /** host:port to put in a gateway's proxy param. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  void answer(String user, Answer answer) {
    answers.put(user, answer);
  }

  /** The expiry the 200 grants, whatever was asked; -1 grants what was asked. */
  void grant(int seconds) {
    grantedExpires = seconds;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized Map<String, String> bindings() {
    return Map.copyOf(bindings);
  }

  private void serve() {
    byte[] buffer = new byte[65535];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        handle(
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8),
            new InetSocketAddress(packet.getAddress(), packet.getPort()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(String message, InetSocketAddress from) throws IOException {
    String[] lines = message.split("\r\n");
    if (!lines[0].startsWith("REGISTER ")) {
      return;
    }
    List<String> vias = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("via") || name.equals("v")) {
        vias.add(value);
      } else {
        headers.put(name, value);
      }
    }
    String to = headers.get("to");
    String user = match("sip:([^@>;]+)@", to);
    String uri = lines[0].split(" ")[1];
    String authorization = headers.get("authorization");
    int expires = Integer.parseInt(headers.getOrDefault("expires", "3600").trim());
    boolean authorized = authorization != null && valid(authorization, uri);
    synchronized (this) {
      received.add(
          new Received(
              user,
              headers.get("call-id"),
              Long.parseLong(headers.get("cseq").split(" ")[0]),
              expires,
              authorized));
    }
    Answer answer = answers.getOrDefault(user, Answer.ACCEPT);
    StringBuilder reply = replyHeaders(vias, headers, user);
    switch (answer) {
      case SILENT -> {
        return;
      }
      case FORBIDDEN -> send("403 Forbidden", reply, from, socket);
      case UNAVAILABLE -> send("503 Service Unavailable", reply, from, socket);
      case CHALLENGE_FROM_ELSEWHERE -> send("401 Unauthorized", challenge(reply), from, elsewhere);
      case ACCEPT -> {
        if (!authorized) {
          send("401 Unauthorized", challenge(reply), from, socket);
          return;
        }
        bind(user, expires, headers.get("contact"), reply);
        send("200 OK", reply, from, socket);
      }
      default -> throw new IllegalStateException(answer.toString());
    }
  }

  /** A response's Via, From, To (with a tag), Call-ID and CSeq, copied from the request. */
  private static StringBuilder replyHeaders(
      List<String> vias, Map<String, String> headers, String user) {
    StringBuilder reply = new StringBuilder();
    vias.forEach(v -> reply.append("Via: ").append(v).append("\r\n"));
    reply
        .append("From: ")
        .append(headers.get("from"))
        .append("\r\n")
        .append("To: ")
        .append(headers.get("to"))
        .append(";tag=")
        .append(Integer.toHexString(user.hashCode()))
        .append("\r\n")
        .append("Call-ID: ")
        .append(headers.get("call-id"))
        .append("\r\n")
        .append("CSeq: ")
        .append(headers.get("cseq"))
        .append("\r\n");
    return reply;
  }

  /**
   * Keeps or drops the user's binding as the REGISTER asks, with {@code grantedExpires} overriding
   * a non-zero expiry, and tells the client what was granted.
   */
  private void bind(String user, int expires, String contactHeader, StringBuilder reply) {
    int granted = grantedExpires >= 0 && expires > 0 ? grantedExpires : expires;
    String contact = match("<([^>]+)>", contactHeader);
    synchronized (this) {
      if (granted == 0) {
        bindings.remove(user);
      } else {
        bindings.put(user, contact);
      }
    }
    if (granted > 0) {
      reply
          .append("Contact: <")
          .append(contact)
          .append(">;expires=")
          .append(granted)
          .append("\r\n");
    }
  }

  private StringBuilder challenge(StringBuilder reply) {
    String nonce = UUID.randomUUID().toString();
    nonces.add(nonce);
    return reply
        .append("WWW-Authenticate: Digest realm=\"")
        .append(REALM)
        .append("\", nonce=\"")
        .append(nonce)
        .append("\", algorithm=MD5, qop=\"auth\"\r\n");
  }

  private boolean valid(String authorization, String uri) {
    String nonce = param(authorization, "nonce");
    if (nonce == null || !nonces.contains(nonce)) {
      return false;
    }
    String ha1 =
        DigestChallenge.md5(param(authorization, "username") + ":" + REALM + ":" + password);
    String ha2 = DigestChallenge.md5("REGISTER:" + param(authorization, "uri"));
    String expected =
        DigestChallenge.md5(
            ha1
                + ":"
                + nonce
                + ":"
                + param(authorization, "nc")
                + ":"
                + param(authorization, "cnonce")
                + ":auth:"
                + ha2);
    return expected.equals(param(authorization, "response"))
        && uri.equals(param(authorization, "uri"));
  }

  private static String param(String header, String name) {
    Matcher m =
        Pattern.compile("(?i)[ ,]" + name + "=\"?([^\",]+)\"?")
            .matcher(" " + header.replaceFirst("^Digest", ""));
    return m.find() ? m.group(1) : null;
  }

  private static String match(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + regex + " in " + text);
    }
    return m.group(1);
  }

  private static void send(
      String status, StringBuilder headers, InetSocketAddress to, DatagramSocket from)
      throws IOException {
    byte[] bytes =
        ("SIP/2.0 " + status + "\r\n" + headers + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    from.send(new DatagramPacket(bytes, bytes.length, to.getAddress(), to.getPort()));
  }

  @Override
  public void close() {
    socket.close();
    elsewhere.close();
  }
}
