package io.switchboard.testkit.freeswitch;

import gov.nist.javax.sip.message.SIPResponse;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;

/**
 * What sofia-sip's nua handle does for one gateway's registration: REGISTERs with one Call-ID and
 * rising CSeq, the digest answer to a challenge, the refresh sofia-sip schedules by itself after
 * each 2xx, and the un-REGISTER. FreeSWITCH's own state machine sits on top ({@link
 * SofiaProfiles}); this class reports every answer to it as nua_r_register would. Runs on the
 * simulator's context.
 */
final class RegistrationHandle {
  /** nua_params.c:132 NUTAG_RETRY_COUNT default: restarts after a challenge per request. */
  private static final int RETRY_COUNT = 3;

  /** What FreeSWITCH hears from this handle. */
  interface Events {
    /**
     * nua_r_register: every answer but a 401/407 (sofia.c:1616 sends those to the challenge
     * handler).
     */
    void answer(int status, String phrase, String sourceIp, int sourcePort);

    /** sofia_reg.c:2835: a challenge from a host that is not the gateway's. */
    void invalidDigest(String realm);
  }

  private final SofiaSipStack sip;
  private final Vertx vertx;
  private final GatewayDefinition gateway;
  private final String contact;
  private final long millisPerSecond;
  private final Events events;
  private final String callId;
  private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private long cseq;
  private DigestChallenge challenge;
  private int restarts;
  private long refreshTimer = -1;
  private boolean destroyed;

  /**
   * Numeric addresses of the gateway's hosts; written by the sending thread before the first
   * REGISTER.
   */
  private volatile Set<String> legitimate = Set.of();

  RegistrationHandle(
      SofiaSipStack sip,
      Vertx vertx,
      GatewayDefinition gateway,
      String contact,
      long millisPerSecond,
      Events events) {
    this.sip = sip;
    this.vertx = vertx;
    this.gateway = gateway;
    this.contact = contact;
    this.millisPerSecond = millisPerSecond;
    this.events = events;
    this.callId = sip.newCallId();
  }

  /** nua_register, with gateway->expires_str as the Expires. */
  void register() {
    cancelRefresh();
    restarts = 0;
    send(gateway.expiresHeader());
  }

  /**
   * sofia_reg_kill_reg (sofia_reg.c:133): nua_unregister, then nua_handle_destroy at once. A
   * challenge to the un-REGISTER therefore goes unanswered (sofia-sip issue #319): the binding is
   * removed only when the registrar takes the cached credentials.
   */
  void unregisterAndDestroy() {
    cancelRefresh();
    send("0");
    destroyed = true;
  }

  /** nua_handle_destroy: later answers are dropped, the refresh is off. */
  void destroy() {
    cancelRefresh();
    destroyed = true;
  }

  String callId() {
    return callId;
  }

  private void send(String expires) {
    try {
      SipURI requestUri = (SipURI) sip.addresses.createURI(gateway.registerUri());
      Address from = sip.addresses.createAddress(gateway.from().replaceAll("^<|>$", ""));
      // sofia_reg.c:474: To is the From unless distinct-to asks for register_to.
      Address to = gateway.distinctTo() ? sip.addresses.createAddress(gateway.to()) : from;
      ViaHeader via =
          sip.headers.createViaHeader(
              sip.ip(),
              sip.port(),
              "udp",
              "z9hG4bK" + UUID.randomUUID().toString().replace("-", ""));
      Request request =
          sip.messages.createRequest(
              requestUri,
              Request.REGISTER,
              sip.headers.createCallIdHeader(callId),
              sip.headers.createCSeqHeader(++cseq, Request.REGISTER),
              sip.headers.createFromHeader(from, fromTag),
              sip.headers.createToHeader(to, null),
              List.of(via),
              sip.headers.createMaxForwardsHeader(70));
      ContactHeader contactHeader =
          sip.headers.createContactHeader(sip.addresses.createAddress(contact));
      request.addHeader(contactHeader);
      ExpiresHeader expiresHeader =
          sip.headers.createExpiresHeader(GatewayDefinition.atoi(expires));
      request.addHeader(expiresHeader);
      request.addHeader(sip.headers.createUserAgentHeader(List.of(sip.userAgent())));
      if (challenge != null) {
        // nua_client.c nua_base_client_request: with the default auth_cache "dialog", every
        // request on a challenged handle carries the cached credentials (auc_authorize, next
        // nonce count), so refreshes and the un-REGISTER pass without a new challenge.
        request.addHeader(challenge.authorize(sip.headers, Request.REGISTER, requestUri));
      }
      if (gateway.registerProxy() != null) {
        // register-proxy is sofia's sticky proxy: the REGISTER goes there, the Request-URI stays.
        request.addHeader(
            sip.headers.createRouteHeader(
                sip.addresses.createAddress(
                    "<sip:"
                        + GatewayDefinition.hostOf(gateway.registerProxy())
                        + ":"
                        + GatewayDefinition.portOf(gateway.registerProxy())
                        + ";lr>")));
      }
      sip.send(request, this);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot build a REGISTER for gateway " + gateway.name() + ": " + e, e);
    }
  }

  void onResponse(SIPResponse response, String sourceIp, int sourcePort) {
    if (destroyed
        || response.getCallId() == null
        || !callId.equals(response.getCallId().getCallId())
        || response.getCSeq().getSeqNumber() != cseq) {
      return;
    }
    int status = response.getStatusCode();
    if (status == 401 || status == 407) {
      challenged(response, sourceIp);
      return;
    }
    if (status >= 200 && status < 300) {
      scheduleRefresh(granted(response));
    }
    events.answer(status, response.getReasonPhrase(), sourceIp, sourcePort);
  }

  /**
   * Timer F fired for request {@code timedOut}: sofia-sip's local 408 (see
   * SofiaSipStack#processTimeout).
   */
  void onTimeout(long timedOut) {
    if (!destroyed && timedOut == cseq) {
      events.answer(408, "Request Timeout", null, 0);
    }
  }

  /**
   * sofia_reg_handle_sip_r_challenge (sofia_reg.c:2678), then sofia-sip's restart of the request.
   */
  private void challenged(SIPResponse response, String sourceIp) {
    WWWAuthenticateHeader header =
        (WWWAuthenticateHeader)
            response.getHeader(
                response.getStatusCode() == 401
                    ? WWWAuthenticateHeader.NAME
                    : "Proxy-Authenticate");
    if (header == null || header.getRealm() == null) {
      return;
    }
    if (sourceIp == null || !legitimate.contains(sourceIp)) {
      events.invalidDigest(header.getRealm());
      return;
    }
    // nua_client.c:1314-1346: wrong credentials are retried RETRY_COUNT times, then the 401 is
    // final, nua_authenticate finds nothing to restart and the gateway waits in TRYING.
    if (restarts >= RETRY_COUNT || !DigestChallenge.supports(header)) {
      return;
    }
    restarts++;
    challenge =
        new DigestChallenge(
            header, response.getStatusCode() == 407, gateway.authUsername(), gateway.password());
    send(gateway.expiresHeader());
  }

  /**
   * is_host_from_gateway (sofia_reg.c:2526): proxy, register-proxy and outbound-proxy, numeric as
   * written or resolved (sip_resolve_compare). Blocks on DNS, so the sending thread runs it.
   */
  void resolveChallengeHosts() {
    if (!legitimate.isEmpty()) {
      return;
    }
    Set<String> addresses = new HashSet<>();
    for (String host : gateway.challengeHosts()) {
      try {
        for (InetAddress address : InetAddress.getAllByName(host.replaceAll("^\\[|]$", ""))) {
          addresses.add(address.getHostAddress());
        }
      } catch (UnknownHostException e) {
        // A host that does not resolve legitimises no challenge, as in sip_resolve_compare.
      }
    }
    legitimate = Set.copyOf(addresses);
  }

  /** The expiry the registrar granted our contact (nua_register.c), else the one asked for. */
  private int granted(SIPResponse response) {
    ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
    while (contacts.hasNext()) {
      ContactHeader c = (ContactHeader) contacts.next();
      if (c.getAddress()
              .getURI()
              .toString()
              .contains(contact.replaceAll("^<|>$", "").replaceAll(";.*$", ""))
          && c.getExpires() >= 0) {
        return c.getExpires();
      }
    }
    ExpiresHeader expires = response.getExpires();
    return expires != null ? expires.getExpires() : GatewayDefinition.atoi(gateway.expiresHeader());
  }

  /** nua_dialog.c nua_dialog_usage_set_refresh: when sofia-sip re-REGISTERs by itself. */
  private void scheduleRefresh(int delta) {
    cancelRefresh();
    if (delta <= 0) {
      return;
    }
    int min;
    int max;
    if (delta > 90 && delta < 5 * 60) {
      min = delta - 60;
      max = delta - 30;
    } else {
      min = Math.max(1, (delta + 2) / 4);
      max = (delta + 2) / 4 + (delta + 1) / 2;
    }
    int seconds = max <= min ? min : ThreadLocalRandom.current().nextInt(min, max + 1);
    refreshTimer =
        vertx.setTimer(
            seconds * millisPerSecond,
            t -> {
              refreshTimer = -1;
              if (!destroyed) {
                restarts = 0;
                send(gateway.expiresHeader());
              }
            });
  }

  private void cancelRefresh() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
      refreshTimer = -1;
    }
  }
}
