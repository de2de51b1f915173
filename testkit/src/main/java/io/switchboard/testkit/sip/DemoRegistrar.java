package io.switchboard.testkit.sip;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small SIP registrar for the demo where Kamailio is not installed, doing what
 * deploy/kamailio/registrar.cfg does: REGISTER with digest credentials checked the auth_ephemeral
 * way ({@link EphemeralCredentials}), a location table in memory (the newest binding of a room
 * wins), and an INVITE to a room answered with a 302 redirect to the contact that registered it
 * (404 when none did). UDP only, one binding per room.
 */
public final class DemoRegistrar implements SipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoRegistrar.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EphemeralCredentials credentials;
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  private final List<String> routed = new CopyOnWriteArrayList<>();
  private final Nonces nonces = new Nonces();
  private SipStack stack;
  private SipProvider provider;
  private ListeningPoint point;
  private AddressFactory addresses;
  private HeaderFactory headers;
  private MessageFactory messages;

  private record Binding(String contact, long expiresAtMillis) {}

  private DemoRegistrar(String secret) {
    this.credentials = new EphemeralCredentials(secret);
  }

  /**
   * Listens on UDP {@code host:port} (port 0: a free one) checking passwords with {@code secret}.
   */
  public static DemoRegistrar start(String host, int port, String secret) {
    DemoRegistrar registrar = new DemoRegistrar(secret);
    try {
      SipFactory factory = SipFactory.getInstance();
      registrar.stack = SipStacks.create(factory, "demo-registrar-");
      registrar.point = SipStacks.listen(registrar.stack, host, port);
      registrar.provider = registrar.stack.createSipProvider(registrar.point);
      registrar.addresses = factory.createAddressFactory();
      registrar.headers = factory.createHeaderFactory();
      registrar.messages = factory.createMessageFactory();
      registrar.provider.addSipListener(registrar);
      registrar.stack.start();
      return registrar;
    } catch (Exception e) {
      registrar.close();
      throw new IllegalStateException(
          "cannot start the demo registrar on udp:" + host + ":" + port + ": " + e, e);
    }
  }

  /** host:port, IPv6 in brackets, as a gateway's proxy. */
  public String address() {
    String ip = point.getIPAddress();
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + point.getPort();
  }

  /** Room to the contact its binding names, bindings that have not expired only. */
  public Map<String, String> locationTable() {
    long now = System.currentTimeMillis();
    Map<String, String> table = new java.util.TreeMap<>();
    bindings.forEach(
        (room, b) -> {
          if (b.expiresAtMillis() > now) {
            table.put(room, b.contact());
          }
        });
    return table;
  }

  /** One line per INVITE sent on, as Kamailio's sample logs them: "ROOM r: INVITE to contact". */
  public List<String> routedCalls() {
    return List.copyOf(routed);
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      switch (request.getMethod()) {
        case Request.REGISTER -> register(event);
        case Request.INVITE -> redirect(event);
        case Request.ACK -> {
          // The ACK of a 302 ends its transaction; JAIN-SIP absorbs it.
        }
        case Request.OPTIONS, Request.BYE, Request.CANCEL -> reply(event, Response.OK);
        default -> reply(event, Response.METHOD_NOT_ALLOWED);
      }
    } catch (Exception e) {
      LOG.warn("demo registrar: {} failed: {}", request.getMethod(), e.toString());
    }
  }

  private void register(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    String room =
        ((SipURI) ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI()).getUser();
    AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
    if (auth == null || !nonces.valid(auth.getNonce())) {
      challenge(event, realmOf(request));
      return;
    }
    String refusal =
        EphemeralCredentials.refusal(auth.getUsername(), room, System.currentTimeMillis() / 1000);
    if (refusal == null && !digestMatches(auth, request.getMethod())) {
      refusal = "wrong password";
    }
    if (refusal != null) {
      LOG.info("demo registrar: REGISTER of {} refused: {}", room, refusal);
      reply(event, Response.FORBIDDEN);
      return;
    }
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    int expires = expiresOf(request, contact);
    if (contact == null || expires == 0) {
      bindings.remove(room);
    } else {
      bindings.put(
          room,
          new Binding(
              contact.getAddress().getURI().toString(),
              System.currentTimeMillis() + expires * 1000L));
    }
    Response ok = messages.createResponse(Response.OK, request);
    if (contact != null && expires > 0) {
      ContactHeader echoed = (ContactHeader) contact.clone();
      echoed.setExpires(expires);
      ok.addHeader(echoed);
    }
    send(event, ok);
  }

  private static int expiresOf(Request request, ContactHeader contact) {
    if (contact != null && contact.getExpires() >= 0) {
      return contact.getExpires();
    }
    ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
    return expires == null ? 3600 : expires.getExpires();
  }

  private static String realmOf(Request request) {
    return ((SipURI) ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI()).getHost();
  }

  /** RFC 2617's response with MD5, qop "auth" or none. */
  private boolean digestMatches(AuthorizationHeader auth, String method) {
    String ha1 =
        EphemeralCredentials.md5(
            auth.getUsername()
                + ":"
                + auth.getRealm()
                + ":"
                + credentials.password(auth.getUsername()));
    String ha2 = EphemeralCredentials.md5(method + ":" + auth.getURI());
    String expected =
        auth.getQop() == null
            ? EphemeralCredentials.md5(ha1 + ":" + auth.getNonce() + ":" + ha2)
            : EphemeralCredentials.md5(
                ha1
                    + ":"
                    + auth.getNonce()
                    + ":"
                    + String.format("%08x", auth.getNonceCount())
                    + ":"
                    + auth.getCNonce()
                    + ":"
                    + auth.getQop()
                    + ":"
                    + ha2);
    return java.security.MessageDigest.isEqual(
        expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        String.valueOf(auth.getResponse()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private void challenge(RequestEvent event, String realm) throws Exception {
    Response response = messages.createResponse(Response.UNAUTHORIZED, event.getRequest());
    WWWAuthenticateHeader www = headers.createWWWAuthenticateHeader("Digest");
    www.setRealm(realm);
    www.setNonce(nonces.issue());
    www.setAlgorithm("MD5");
    www.setQop("auth");
    response.addHeader(www);
    send(event, response);
  }

  private void redirect(RequestEvent event) throws Exception {
    Request request = event.getRequest();
    String room = ((SipURI) request.getRequestURI()).getUser();
    String contact = locationTable().get(room);
    if (contact == null) {
      LOG.info("demo registrar: ROOM {}: no binding", room);
      reply(event, Response.NOT_FOUND);
      return;
    }
    routed.add("ROOM " + room + ": INVITE to " + contact);
    LOG.info("demo registrar: ROOM {}: INVITE to {}", room, contact);
    Response moved = messages.createResponse(Response.MOVED_TEMPORARILY, request);
    moved.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
    send(event, moved);
  }

  private void reply(RequestEvent event, int status) throws Exception {
    send(event, messages.createResponse(status, event.getRequest()));
  }

  private void send(RequestEvent event, Response response) throws Exception {
    if (event.getServerTransaction() != null) {
      event.getServerTransaction().sendResponse(response);
    } else {
      provider.getNewServerTransaction(event.getRequest()).sendResponse(response);
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {}

  @Override
  public void processTimeout(TimeoutEvent event) {}

  @Override
  public void processIOException(IOExceptionEvent event) {}

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  @Override
  public void close() {
    if (stack != null) {
      stack.stop();
    }
  }

  /** Nonces the registrar gave out: a time and a MAC of it, valid for five minutes. */
  private static final class Nonces {
    private final byte[] key = new byte[16];

    Nonces() {
      RANDOM.nextBytes(key);
    }

    String issue() {
      String time = Long.toHexString(System.currentTimeMillis());
      return time + mac(time);
    }

    boolean valid(String nonce) {
      if (nonce == null || nonce.length() < 33) {
        return false;
      }
      String time = nonce.substring(0, nonce.length() - 32);
      try {
        long issued = Long.parseLong(time, 16);
        return mac(time).equals(nonce.substring(time.length()))
            && System.currentTimeMillis() - issued < 300_000;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    private String mac(String time) {
      return EphemeralCredentials.md5(HexFormat.of().formatHex(key) + time);
    }
  }
}
