package io.switchboard.testkit.freeswitch;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's logging sent to SLF4J. The RI's default logger needs log4j 1.x, which it declares
 * "provided" and which nothing else here wants on the class path; JAIN-SIP instantiates these
 * classes by name (the STACK_LOGGER and SERVER_LOGGER properties), hence public.
 */
public final class SofiaSipLogger implements StackLogger {
  private static final Logger LOG =
      LoggerFactory.getLogger("io.switchboard.testkit.freeswitch.sip");

  @Override
  public void logStackTrace() {}

  @Override
  public void logStackTrace(int level) {}

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable t) {
    LOG.debug("JAIN-SIP", t);
  }

  @Override
  public void logDebug(String message) {
    LOG.trace(message);
  }

  @Override
  public void logDebug(String message, Exception e) {
    LOG.trace(message, e);
  }

  @Override
  public void logTrace(String message) {
    LOG.trace(message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(message);
  }

  @Override
  public void logError(String message) {
    LOG.warn(message);
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isDebugEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int level) {
    return level <= TRACE_WARN || LOG.isTraceEnabled();
  }

  @Override
  public void logError(String message, Exception e) {
    LOG.warn(message, e);
  }

  @Override
  public void logWarning(String message) {
    LOG.debug(message);
  }

  @Override
  public void logInfo(String message) {
    LOG.debug(message);
  }

  @Override
  public void disableLogging() {}

  @Override
  public void enableLogging() {}

  @Override
  public void setBuildTimeStamp(String stamp) {}

  @Override
  public void setStackProperties(Properties properties) {}

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }

  /** Every SIP message in and out, at TRACE: what a sip trace on the profile would show. */
  public static final class Server implements ServerLogger {
    @Override
    public void closeLogFile() {}

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
      LOG.trace("{} -> {}\n{}", from, to, message);
    }

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender, long time) {
      LOG.trace("{} -> {}\n{}", from, to, message);
    }

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender) {
      LOG.trace("{} -> {}\n{}", from, to, message);
    }

    @Override
    public void logException(Exception e) {
      LOG.debug("JAIN-SIP", e);
    }

    @Override
    public void setStackProperties(Properties properties) {}

    @Override
    public void setSipStack(SipStack stack) {}
  }
}
