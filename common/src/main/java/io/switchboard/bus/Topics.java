package io.switchboard.bus;

import java.util.List;

/**
 * Kafka topic names and their kinds: a public interface, documented in docs/asyncapi.yaml. Every
 * value is a UTF-8 JSON envelope with a version field {@code v}.
 */
public final class Topics {
  public static final String EVENTS_CONFERENCE = "fs.events.conference";
  public static final String EVENTS_SOFIA = "fs.events.sofia";
  public static final String EVENTS_CHANNEL = "fs.events.channel";
  public static final String EVENTS_SYSTEM = "fs.events.system";
  public static final String COMMANDS = "fs.commands";
  public static final String COMMAND_RESULTS = "fs.command-results";
  public static final String NODES = "fs.nodes";
  public static final String SIP_REGISTRATIONS = "sip.registrations";
  public static final String BBB_SERVERS = "bbb.servers";
  public static final String BBB_MEETINGS = "bbb.meetings";
  public static final String BBB_VOICE_BRIDGES = "bbb.voice-bridges";
  public static final String BBB_TENANTS = "bbb.tenants";
  public static final String PROVISIONING_CHANGES = "provisioning.changes";

  /** A topic and whether it is compacted (latest value per key is the state). */
  public record Spec(String name, boolean compacted) {}

  public static final List<Spec> ALL =
      List.of(
          new Spec(EVENTS_CONFERENCE, false),
          new Spec(EVENTS_SOFIA, false),
          new Spec(EVENTS_CHANNEL, false),
          new Spec(EVENTS_SYSTEM, false),
          new Spec(COMMANDS, false),
          new Spec(COMMAND_RESULTS, false),
          new Spec(NODES, true),
          new Spec(SIP_REGISTRATIONS, true),
          new Spec(BBB_SERVERS, true),
          new Spec(BBB_MEETINGS, true),
          new Spec(BBB_VOICE_BRIDGES, true),
          new Spec(BBB_TENANTS, true),
          new Spec(PROVISIONING_CHANGES, false));

  private Topics() {}

  /**
   * Where a FreeSWITCH event goes: mod_conference publishes only the CUSTOM subclass {@code
   * conference::maintenance}; mod_sofia's subclasses all start with {@code sofia::}.
   */
  public static String forEvent(String eventName, String subclass) {
    if ("CUSTOM".equals(eventName) && subclass != null) {
      if (subclass.startsWith("conference::")) {
        return EVENTS_CONFERENCE;
      }
      if (subclass.startsWith("sofia::")) {
        return EVENTS_SOFIA;
      }
    }
    if (eventName != null && eventName.startsWith("CHANNEL_")) {
      return EVENTS_CHANNEL;
    }
    return EVENTS_SYSTEM;
  }
}
