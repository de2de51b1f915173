package io.switchboard.testkit.sip;

import io.switchboard.testkit.freeswitch.SofiaSipLogger;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Properties;
import java.util.UUID;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipStack;

/** JAIN-SIP stacks of the testkit: the simulated sofia profiles and the demo's registrar. */
public final class SipStacks {
  private SipStacks() {}

  /**
   * A stack named {@code prefix} and a random suffix (several live in one JVM, and names must not
   * collide), logging through SLF4J: JAIN-SIP's default loggers need log4j 1, which is not here.
   */
  public static SipStack create(SipFactory factory, String prefix) throws Exception {
    factory.setPathName("gov.nist");
    Properties props = new Properties();
    props.setProperty("javax.sip.STACK_NAME", prefix + UUID.randomUUID());
    props.setProperty("gov.nist.javax.sip.STACK_LOGGER", SofiaSipLogger.class.getName());
    props.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SofiaSipLogger.Server.class.getName());
    props.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    return factory.createSipStack(props);
  }

  /**
   * A UDP listening point on {@code ip:port}. JAIN-SIP refuses port 0, so for 0 a free port is
   * found first; another process may take it in between, hence a few tries.
   */
  public static ListeningPoint listen(SipStack stack, String ip, int port) throws Exception {
    if (port != 0) {
      return stack.createListeningPoint(ip, port, ListeningPoint.UDP);
    }
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int free;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(ip, 0))) {
        free = probe.getLocalPort();
      }
      try {
        return stack.createListeningPoint(ip, free, ListeningPoint.UDP);
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }
}
