package io.switchboard.provisioning.node;

import io.switchboard.bus.CommandResult;
import java.util.concurrent.TimeoutException;

/**
 * What one node's answer to a change means. A node that cannot be reached is behind (it gets the
 * change when it returns); a node that answered and refused makes the change fail everywhere.
 */
public record NodeAnswer(Kind kind, String detail) {
  public enum Kind {
    /** reloadxml answered {@code +OK [Success]}. */
    LOADED,
    /** FreeSWITCH parsed the merged configuration and refused it; detail is its text. */
    REFUSED,
    /** The gateway did not perform a file operation (refused path or content, I/O error). */
    FAILED,
    /** No gateway answer in time, FreeSWITCH not connected, or the command expired. */
    UNREACHABLE
  }

  /** reloadxml's reply on success (mod_commands.c:2853, {@code "+OK [%s]"} with "Success"). */
  static final String RELOAD_SUCCESS = "+OK [Success]";

  public static NodeAnswer loaded() {
    return new NodeAnswer(Kind.LOADED, "");
  }

  /** Why a command got no usable result: a timeout or a send that failed. */
  public static NodeAnswer unreachable(Throwable cause) {
    return new NodeAnswer(
        Kind.UNREACHABLE,
        cause instanceof TimeoutException ? cause.getMessage() : "not sent: " + cause.getMessage());
  }

  /** A file operation's result: null when it was done, else what it means for the node. */
  public static NodeAnswer ofFileResult(CommandResult result) {
    return switch (result.status()) {
      case OK -> null;
      case EXPIRED, UNKNOWN -> new NodeAnswer(Kind.UNREACHABLE, describe(result));
      default -> new NodeAnswer(Kind.FAILED, describe(result));
    };
  }

  /**
   * reloadxml's result. On a parse error FreeSWITCH still answers {@code +OK} with the error in
   * brackets ({@code +OK [[error near line N]: ...]}, mod_commands.c:2853 with switch_xml.c's
   * switch_xml_open_root error text): anything but Success is a refusal, whatever the prefix.
   */
  public static NodeAnswer ofReload(CommandResult result) {
    String reply = result.reply() == null ? "" : result.reply().trim();
    if (result.status() == CommandResult.Status.OK && reply.equals(RELOAD_SUCCESS)) {
      return loaded();
    }
    if (reply.startsWith("+OK [") && reply.endsWith("]")) {
      return new NodeAnswer(Kind.REFUSED, reply.substring("+OK [".length(), reply.length() - 1));
    }
    if (result.status() == CommandResult.Status.ERROR && reply.isEmpty()
        || result.status() == CommandResult.Status.EXPIRED
        || result.status() == CommandResult.Status.UNKNOWN) {
      return new NodeAnswer(Kind.UNREACHABLE, describe(result));
    }
    return new NodeAnswer(Kind.REFUSED, reply.isEmpty() ? describe(result) : reply);
  }

  private static String describe(CommandResult result) {
    String why = result.error() != null ? result.error() : result.reply();
    return result.status().wire() + (why == null ? "" : ": " + why.trim());
  }

  public boolean ok() {
    return kind == Kind.LOADED;
  }
}
