package io.switchboard.testkit.freeswitch;

import gov.nist.javax.sip.message.SIPResponse;
import io.switchboard.testkit.sip.SipStacks;
import io.vertx.core.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sip.ClientTransaction;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of one simulated FreeSWITCH's sofia profile: a JAIN-SIP stack listening on UDP (an
 * ephemeral port on the simulator's address), sending the gateways' REGISTERs and handing each
 * response back to its {@link RegistrationHandle} on the simulator's Vert.x context.
 *
 * <p>Requests are sent from a thread of their own: JAIN-SIP resolves a proxy's host name while
 * sending, and that must not block the event loop.
 */
final class SofiaSipStack implements SipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SofiaSipStack.class);

  private final Context context;
  private final SipStack stack;
  private final SipProvider provider;
  private final ListeningPoint point;
  private final ExecutorService sender;
  private final int t1Millis;
  private final String userAgent;
  private final String contactHost;
  final AddressFactory addresses;
  final HeaderFactory headers;
  final MessageFactory messages;

  private SofiaSipStack(
      Context context,
      SipStack stack,
      SipProvider provider,
      ListeningPoint point,
      String contactHost,
      SipFactory factory,
      int t1Millis,
      String version)
      throws Exception {
    this.context = context;
    this.contactHost = contactHost;
    this.t1Millis = t1Millis;
    // sofia.c:4618, the profile's default user-agent.
    this.userAgent = "FreeSWITCH-mod_sofia/" + version;
    this.stack = stack;
    this.provider = provider;
    this.point = point;
    this.addresses = factory.createAddressFactory();
    this.headers = factory.createHeaderFactory();
    this.messages = factory.createMessageFactory();
    this.sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sofia-sip-send-" + point.getPort());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * @param ip the address bound (the profile's sip-ip), IPv4 or IPv6 without brackets
   * @param externalIp the address the Contact names instead (ext-sip-ip), or null
   * @param t1Millis RFC 3261's T1 (500 ms in sofia-sip and here at FreeSWITCH's pace): a
   *     transaction that gets no answer ends after 64 x T1, which the tests' faster sofia clock
   *     shortens alike so that it stays 32 sofia seconds
   * @param version FreeSWITCH's version, for the User-Agent of the profile
   */
  static SofiaSipStack start(
      String ip, String externalIp, Context context, int t1Millis, String version) {
    try {
      SipFactory factory = SipFactory.getInstance();
      // Each simulated FreeSWITCH is a stack of its own.
      SipStack stack = SipStacks.create(factory, "fs-sim-sofia-");
      ListeningPoint point = SipStacks.listen(stack, ip, 0);
      SipProvider provider = stack.createSipProvider(point);
      SofiaSipStack sip =
          new SofiaSipStack(
              context,
              stack,
              provider,
              point,
              externalIp != null ? externalIp : ip,
              factory,
              t1Millis,
              version);
      provider.addSipListener(sip);
      stack.start();
      return sip;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot start the simulated sofia SIP stack on " + ip + ": " + e, e);
    }
  }

  String userAgent() {
    return userAgent;
  }

  String ip() {
    return point.getIPAddress();
  }

  int port() {
    return point.getPort();
  }

  /** host:port as a Contact or Via names this profile: sip-ip or ext-sip-ip, IPv6 in brackets. */
  String contactAddress() {
    return (contactHost.contains(":") ? "[" + contactHost + "]" : contactHost) + ":" + port();
  }

  String newCallId() {
    return provider.getNewCallId().getCallId();
  }

  /** Sends {@code request} in a new client transaction whose responses go to {@code handle}. */
  void send(Request request, RegistrationHandle handle) {
    sender.execute(
        () -> {
          try {
            handle.resolveChallengeHosts();
            ClientTransaction tx = provider.getNewClientTransaction(request);
            tx.setRetransmitTimer(t1Millis);
            tx.setApplicationData(handle);
            tx.sendRequest();
          } catch (Exception e) {
            // As sofia-sip with an unresolvable or unreachable proxy: nothing comes back, and the
            // gateway's timeout-seconds decide (sofia_reg.c:535 TRYING -> TIMEOUT).
            LOG.warn("REGISTER to {} not sent: {}", request.getRequestURI(), e.toString());
          }
        });
  }

  @Override
  public void processResponse(ResponseEvent event) {
    ClientTransaction tx = event.getClientTransaction();
    if (tx == null || !(tx.getApplicationData() instanceof RegistrationHandle handle)) {
      return;
    }
    SIPResponse response = (SIPResponse) event.getResponse();
    // sofia_reg.c:2603: Register-Network-IP/-Port are the numeric source of the packet.
    String sourceIp =
        response.getPeerPacketSourceAddress() == null
            ? null
            : response.getPeerPacketSourceAddress().getHostAddress();
    int sourcePort = response.getPeerPacketSourcePort();
    context.runOnContext(v -> handle.onResponse(response, sourceIp, sourcePort));
  }

  /**
   * Timer F (64 x T1, 32 s at FreeSWITCH's pace) ended a REGISTER without an answer. sofia-sip's
   * nta then answers it locally with 408 Request Timeout (nta.c:9213 outgoing_timeout, with
   * sa_timeout_408 on by default, nta.c:931), which nua reports as nua_r_register and FreeSWITCH
   * takes as any failure: FAILED with Status 408 (sofia_reg.c:2658). So a registrar that never
   * answers gives TIMEOUT only when timeout-seconds is under 32; with the default 60 it gives
   * FAILED 408 first. freeswitch-behaviour.md A3 left this open; this follows the source.
   */
  @Override
  public void processTimeout(TimeoutEvent event) {
    ClientTransaction tx = event.getClientTransaction();
    if (tx != null && tx.getApplicationData() instanceof RegistrationHandle handle) {
      long cseq = ((CSeqHeader) tx.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
      context.runOnContext(v -> handle.onTimeout(cseq));
    }
  }

  /** The simulated profile registers out only; nothing is served to incoming requests. */
  @Override
  public void processRequest(RequestEvent event) {}

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.debug("SIP I/O error towards {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  @Override
  public void close() {
    sender.shutdownNow();
    stack.stop();
  }
}
