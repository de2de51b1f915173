package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * mod_conference's rooms and members, and the conference::maintenance events it fires for
 * them (conference-create, add-member, start-talking, stop-talking, mute-member, unmute-member,
 * del-member, conference-destroy), with the header sets of conference_event_add_data and
 * conference_member_add_event_data. The {@code conference} API answers as conference_api.c does.
 */
final class Conferences {
  static final String MAINTENANCE = "conference::maintenance";
  private static final String PROFILE = "cdquality";
  private static final int RATE = 48000;

  /** A conference member: a channel in the room. */
  static final class Member {
    final int id;
    final String uuid = UUID.randomUUID().toString();
    final String callerIdName;
    final String callerIdNumber;
    final String channelName;
    final long createdMicros = EventFactory.nowMicros();
    boolean talking;
    boolean canSpeak = true;
    final boolean moderator;

    Member(int id, String callerIdName, String callerIdNumber, String host, boolean moderator) {
      this.id = id;
      this.callerIdName = callerIdName;
      this.callerIdNumber = callerIdNumber;
      this.channelName = "sofia/external/" + callerIdNumber + "@" + host;
      this.moderator = moderator;
    }
  }

  static final class Room {
    final String name;
    final String uuid = UUID.randomUUID().toString();
    final Map<Integer, Member> members = new LinkedHashMap<>();

    Room(String name) {
      this.name = name;
    }
  }

  private final EventFactory events;
  private final Identity identity;
  private final Consumer<SimEvent> fire;
  private final Map<String, Room> rooms = new LinkedHashMap<>();
  private int nextMemberId = 1;

  Conferences(EventFactory events, Identity identity, Consumer<SimEvent> fire) {
    this.events = events;
    this.identity = identity;
    this.fire = fire;
  }

  Map<String, Room> rooms() {
    return rooms;
  }

  /** conference_new / the first join: conference-create. */
  Room create(String name) {
    Room room = rooms.get(name);
    if (room != null) {
      return room;
    }
    room = new Room(name);
    rooms.put(name, room);
    SimEvent event = events.create("CUSTOM", MAINTENANCE, new EventFactory.Origin("mod_conference.c", "conference_new", 3850));
    addConferenceData(room, event);
    fire.accept(event.add("Action", "conference-create"));
    return room;
  }

  /** conference_member_add: add-member (the room is created first when it does not exist). */
  int addMember(String roomName, String callerIdName, String callerIdNumber, boolean moderator) {
    Room room = create(roomName);
    Member member = new Member(nextMemberId++, callerIdName, callerIdNumber, identity.ipv4(), moderator);
    room.members.put(member.id, member);
    memberEvent(room, member, "add-member", new EventFactory.Origin("conference_member.c", "conference_member_add", 963));
    return member.id;
  }

  /** conference_member_del: del-member; the last member leaving ends the room (conference-destroy). */
  boolean removeMember(String roomName, int memberId) {
    Room room = rooms.get(roomName);
    Member member = room == null ? null : room.members.remove(memberId);
    if (member == null) {
      return false;
    }
    memberEvent(room, member, "del-member", new EventFactory.Origin("conference_member.c", "conference_member_del", 1356));
    if (room.members.isEmpty()) {
      destroy(room);
    }
    return true;
  }

  boolean talking(String roomName, int memberId, boolean talking) {
    Member member = member(roomName, memberId);
    if (member == null || member.talking == talking) {
      return member != null;
    }
    member.talking = talking;
    memberEvent(rooms.get(roomName), member, talking ? "start-talking" : "stop-talking",
        new EventFactory.Origin("conference_loop.c", "conference_loop_input", talking ? 1155 : 795));
    return true;
  }

  boolean mute(String roomName, int memberId, boolean mute) {
    Member member = member(roomName, memberId);
    if (member == null) {
      return false;
    }
    member.canSpeak = !mute;
    if (mute) {
      member.talking = false;
    }
    memberEvent(rooms.get(roomName), member, mute ? "mute-member" : "unmute-member",
        new EventFactory.Origin("conference_api.c", mute ? "conference_api_sub_mute" : "conference_api_sub_unmute", mute ? 340 : 493));
    return true;
  }

  /** Ends a room: every member leaves (del-member each), then conference-destroy. */
  boolean destroy(String roomName) {
    Room room = rooms.get(roomName);
    if (room == null) {
      return false;
    }
    for (Member member : new ArrayList<>(room.members.values())) {
      room.members.remove(member.id);
      memberEvent(room, member, "del-member", new EventFactory.Origin("conference_member.c", "conference_member_del", 1356));
    }
    destroy(room);
    return true;
  }

  private void destroy(Room room) {
    rooms.remove(room.name);
    SimEvent event = events.create("CUSTOM", MAINTENANCE, new EventFactory.Origin("mod_conference.c", "conference_destroy", 862));
    addConferenceData(room, event);
    fire.accept(event.add("Action", "conference-destroy"));
  }

  private Member member(String roomName, int memberId) {
    Room room = rooms.get(roomName);
    return room == null ? null : room.members.get(memberId);
  }

  /** conference_event_add_data. */
  private void addConferenceData(Room room, SimEvent event) {
    event.add("Conference-Name", room.name)
        .add("Conference-Domain", identity.hostname())
        .add("Conference-Size", Integer.toString(room.members.size()))
        .add("Conference-Ghosts", "0")
        .add("Conference-Profile-Name", PROFILE)
        .add("Conference-Unique-ID", room.uuid);
  }

  /** conference_member_add_event_data, then the Action. */
  private void memberEvent(Room room, Member m, String action, EventFactory.Origin origin) {
    SimEvent event = events.create("CUSTOM", MAINTENANCE, origin);
    addConferenceData(room, event);
    event.add("Floor", "false");
    ChannelData.addBasicData(event, m.uuid, m.channelName, m.callerIdName, m.callerIdNumber, room.name,
        identity.ipv4(), m.createdMicros);
    event.add("Video", "false")
        .add("Hear", "true")
        .add("See", "true")
        .add("Speak", Boolean.toString(m.canSpeak))
        .add("Talking", Boolean.toString(m.talking))
        .add("Mute-Detect", "false")
        .add("Hold", "false")
        .add("Member-ID", Integer.toString(m.id))
        .add("Member-Type", m.moderator ? "moderator" : "member")
        .add("Member-Ghost", "false")
        .add("Energy-Level", "100")
        .add("Current-Energy", m.talking ? "500" : "0")
        .add("Action", action);
    fire.accept(event);
  }

  /** The {@code conference} API (conference_api_main): list, kick, mute, unmute. */
  String api(String args) {
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split("\\s+");
    if (argv.length == 0) {
      return "-USAGE: conference <conference_name> <command> [<args>]\n";
    }
    if (argv[0].equals("list")) {
      return listAll(argv.length > 1 && argv[1].equals("count"));
    }
    Room room = rooms.get(argv[0]);
    if (room == null) {
      return "-ERR Conference " + argv[0] + " not found\n";
    }
    String sub = argv.length > 1 ? argv[1] : "";
    String target = argv.length > 2 ? argv[2] : null;
    switch (sub) {
      case "list":
        return listMembers(room, ";");
      case "count":
        return room.members.size() + "\n";
      case "kick":
      case "mute":
      case "unmute": {
        if (target == null) {
          return "-ERR Invalid member!\n";
        }
        List<Integer> ids = target.equals("all") ? new ArrayList<>(room.members.keySet()) : List.of(parseId(target));
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
          boolean ok = sub.equals("kick") ? removeMember(room.name, id) : mute(room.name, id, sub.equals("mute"));
          out.append(ok ? "+OK " + sub + " " + id + "\n" : "-ERR Non-Existant ID " + id + "\n");
        }
        return out.toString();
      }
      default:
        return "-ERR Conference command '" + sub + "' not found.\n";
    }
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** conference_api_sub_list without a conference: a header line per room, then its members. */
  private String listAll(boolean countOnly) {
    if (rooms.isEmpty()) {
      return "+OK No active conferences.\n";
    }
    StringBuilder out = new StringBuilder();
    for (Room room : rooms.values()) {
      if (countOnly) {
        out.append(room.members.size()).append('\n');
        continue;
      }
      int count = room.members.size();
      out.append("+OK Conference ").append(room.name).append(" (").append(count).append(" member")
          .append(count == 1 ? "" : "s").append(" rate: ").append(RATE).append(" flags: running|answered|dynamic)\n");
      out.append(listMembers(room, ";"));
    }
    return out.toString();
  }

  /** conference_list: id;name;uuid;caller name;caller number;flags;volume in;volume out;energy. */
  private static String listMembers(Room room, String d) {
    StringBuilder out = new StringBuilder();
    for (Member m : room.members.values()) {
      List<String> flags = new ArrayList<>(List.of("hear"));
      if (m.canSpeak) {
        flags.add("speak");
      }
      if (m.talking) {
        flags.add("talking");
      }
      if (m.moderator) {
        flags.add("moderator");
      }
      out.append(m.id).append(d).append(m.channelName).append(d).append(m.uuid).append(d).append(m.callerIdName)
          .append(d).append(m.callerIdNumber).append(d).append(String.join("|", flags)).append(d).append(0)
          .append(d).append(0).append(d).append(100).append('\n');
    }
    return out.toString();
  }
}
