package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code conference} API as conference_api.c's conference_api_main and conference_api_dispatch
 * answer it: {@code list}, {@code count}, {@code xml_list} without a room; and for a room {@code
 * list}, {@code count}, {@code xml_list}, {@code kick}, {@code mute}, {@code unmute}, {@code dtmf}
 * and {@code recording}.
 */
final class ConferenceApi {
  /**
   * What every dynamic BBB room shows: CFLAG_RUNNING, ANSWERED, DYNAMIC, EXIT_SOUND, ENTER_SOUND.
   */
  private static final String ROOM_FLAGS = "running|answered|dynamic|exit_sound|enter_sound";

  private final Conferences conferences;

  ConferenceApi(Conferences conferences) {
    this.conferences = conferences;
  }

  String execute(String args) {
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split(" +");
    if (argv.length == 0) {
      return "-USAGE: conference <conference_name> <command> [<args>]\n";
    }
    Conferences.Room room = conferences.room(argv[0]);
    if (room == null) {
      // conference_api_main_real (conference_api.c:220-255): the commands that need no room.
      return switch (argv[0].toLowerCase(Locale.ROOT)) {
        case "list" -> listAll();
        case "count" -> Integer.toString(conferences.rooms().size());
        case "xml_list" -> xmlList(conferences.rooms().values());
        default -> "-ERR Conference " + argv[0] + " not found\n";
      };
    }
    if (argv.length < 2) {
      return "Conference command, not specified.\nTry 'help'\n";
    }
    String sub = argv[1].toLowerCase(Locale.ROOT);
    return switch (sub) {
      case "list" ->
          argv.length > 2 && argv[2].equalsIgnoreCase("count")
              ? Integer.toString(room.members.size())
              : listMembers(room);
      // conference_list_count_only (mod_conference.c:1118): no newline.
      case "count" -> Integer.toString(room.members.size());
      case "xml_list" -> xmlList(List.of(room));
      case "kick", "mute", "unmute", "dtmf" -> memberCommand(room, sub, argv);
      case "recording" -> recording(room, argv);
      default -> "-ERR Conference command '" + argv[1] + "' not found.\n";
    };
  }

  /** CONF_API_SUB_MEMBER_TARGET in conference_api_dispatch (conference_api.c:4190). */
  private String memberCommand(Conferences.Room room, String sub, String[] argv) {
    String target = argv.length > 2 ? argv[2] : null;
    String data = argv.length > 3 ? argv[3] : null;
    int id = target == null ? 0 : atoi(target);
    List<Conferences.Member> members;
    if (id > 0) {
      Conferences.Member member = room.members.get(id);
      if (member == null) {
        return "-ERR Non-Existant ID " + id + "\n";
      }
      members = List.of(member);
    } else if ("all".equalsIgnoreCase(target) || "non_moderator".equalsIgnoreCase(target)) {
      boolean nonModerators = "non_moderator".equalsIgnoreCase(target);
      members =
          room.membersNewestFirst().stream().filter(m -> !nonModerators || !m.moderator).toList();
    } else if ("last".equalsIgnoreCase(target)) {
      members = room.membersNewestFirst().stream().limit(1).toList();
    } else {
      return sub + " " + syntax(sub);
    }
    StringBuilder out = new StringBuilder();
    for (Conferences.Member member : members) {
      switch (sub) {
        case "kick" -> {
          // conference_api_sub_kick writes the reply before the kick-member event.
          out.append("+OK kicked ").append(member.id).append('\n');
          conferences.kick(room.name, member.id);
        }
        case "dtmf" -> {
          if (data == null) {
            out.append("-ERR Invalid input!\n");
          } else {
            out.append("+OK sent ").append(data).append(" to ").append(member.id).append('\n');
            conferences.sendDtmf(room, member, data);
          }
        }
        default -> {
          conferences.mute(room.name, member.id, sub.equals("mute"));
          out.append("+OK ").append(sub).append(' ').append(member.id).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** The psyntax column of conference_api_sub_commands (conference_api.c:71-104). */
  private static String syntax(String sub) {
    return switch (sub) {
      case "kick" -> "<[member_id|all|last|non_moderator]> [<optional sound file>]";
      case "dtmf" -> "<[member_id|all|last|non_moderator]> <digits>";
      case "recording" -> "[start|stop|check|pause|resume] [<filename>|all]";
      default -> "<[member_id|all]|last|non_moderator> [<quiet>]";
    };
  }

  /** atoi: leading digits, 0 when there are none. */
  private static int atoi(String text) {
    int i = 0;
    long value = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && value < Integer.MAX_VALUE) {
      value = value * 10 + (text.charAt(i++) - '0');
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /**
   * conference_api_sub_recording (conference_api.c:3877): start, stop, check, pause and resume;
   * with only a path after "recording" it is the old "record" syntax, so that {@code recording
   * start} records to a file named "start".
   */
  private String recording(Conferences.Room room, String[] argv) {
    String action = argv.length > 2 ? argv[2].toLowerCase(Locale.ROOT) : null;
    String path = argv.length > 3 ? argv[3] : null;
    if (path == null && ("stop".equals(action) || "check".equals(action))) {
      path = "all";
    }
    if (path == null) {
      return action == null ? "recording " + syntax("recording") : start(room, argv[2]);
    }
    return switch (action) {
      case "start" -> start(room, path);
      case "stop" -> stop(room, path);
      case "check" -> check(room);
      case "pause", "resume" -> pause(room, path, action.equals("pause"));
      default -> "recording " + syntax("recording");
    };
  }

  /** conference_api_sub_record (conference_api.c:3742); an audio-only room has no canvas. */
  private String start(Conferences.Room room, String path) {
    Conferences.Recorder busy = conferences.recording(room, path);
    if (busy != null) {
      return "-ERR file [" + busy.path + "] is already being used for recording.\n";
    }
    String reply = "+OK Record file " + path + "\n";
    conferences.startRecording(room, path);
    return reply;
  }

  /**
   * conference_api_sub_norecord (conference_api.c:3812): the count is of recorder threads that have
   * already ended, which they have not when the reply is written.
   */
  private String stop(Conferences.Room room, String path) {
    boolean all = path.equalsIgnoreCase("all");
    int before = room.recordCount;
    StringBuilder out = new StringBuilder();
    List<String> stopped = conferences.stopRecording(room, all ? null : path);
    stopped.forEach(p -> out.append("Stopped recording file ").append(p).append('\n'));
    if (stopped.isEmpty() && !all) {
      out.append("-ERR non-existant recording '").append(path).append("'\n");
    }
    int ttl = before - room.recordCount;
    return out.append("+OK Stopped recording ")
        .append(ttl)
        .append(" file")
        .append(ttl == 1 ? "" : "s")
        .append('\n')
        .toString();
  }

  /** conference_api_sub_check_record (conference_api.c:3723). */
  private static String check(Conferences.Room room) {
    if (room.recorders.isEmpty()) {
      return "-ERR Conference is not being recorded.\n";
    }
    StringBuilder out = new StringBuilder();
    room.recorders.forEach(r -> out.append("+OK Record file ").append(r.path).append('\n'));
    return out.toString();
  }

  /**
   * conference_api_sub_pauserec (conference_api.c:3834): the +OK line is written before the path is
   * checked.
   */
  private String pause(Conferences.Room room, String path, boolean pause) {
    String reply = "+OK " + (pause ? "Pause" : "Resume") + " recording file " + path + "\n";
    if (!conferences.pauseRecording(room, path, pause)) {
      reply += "-ERR non-existant recording '" + path + "'\n";
    }
    return reply;
  }

  /**
   * conference_api_sub_list without a room (conference_api.c:2119): a header line per room, then
   * its members.
   */
  private String listAll() {
    if (conferences.rooms().isEmpty()) {
      return "+OK No active conferences.\n";
    }
    StringBuilder out = new StringBuilder();
    for (Conferences.Room room : conferences.rooms().values()) {
      int count = room.members.size();
      out.append("+OK Conference ")
          .append(room.name)
          .append(" (")
          .append(count)
          .append(" member")
          .append(count == 1 ? "" : "s")
          .append(" rate: ")
          .append(Conferences.RATE)
          .append(" flags: ")
          .append(ROOM_FLAGS)
          .append(room.recordCount > 0 ? "|recording" : "")
          .append(")\n");
      out.append(listMembers(room));
    }
    return out.toString();
  }

  /** conference_list (mod_conference.c:71): newest member first, recorders left out. */
  private static String listMembers(Conferences.Room room) {
    String d = ";";
    StringBuilder out = new StringBuilder();
    for (Conferences.Member m : room.membersNewestFirst()) {
      List<String> flags = new ArrayList<>(List.of("hear"));
      if (m.canSpeak) {
        flags.add("speak");
      }
      if (m.talking) {
        flags.add("talking");
      }
      if (room.floorHolder == m.id) {
        flags.add("floor");
      }
      if (m.moderator) {
        flags.add("moderator");
      }
      out.append(m.id)
          .append(d)
          .append(m.channelName)
          .append(d)
          .append(m.uuid)
          .append(d)
          .append(m.callerIdName)
          .append(d)
          .append(m.callerIdNumber)
          .append(d)
          .append(String.join("|", flags))
          .append(d)
          .append(0)
          .append(d)
          .append(0)
          .append(d)
          .append(Conferences.ENERGY_LEVEL)
          .append('\n');
    }
    return out.toString();
  }

  /**
   * conference_api_sub_xml_list (conference_api.c:4088) and conference_xlist
   * (mod_conference.c:1146), written by switch_xml_toxml with its header. The element offsets are
   * FreeSWITCH's, so a member's {@code <flags>} come right after its {@code <id>}.
   */
  private static String xmlList(Collection<Conferences.Room> rooms) {
    SwitchXml.Element xConferences = SwitchXml.Element.root("conferences");
    long now = System.currentTimeMillis();
    int off = 0;
    for (Conferences.Room room : rooms) {
      SwitchXml.Element x = xConferences.addChild("conference", off++);
      x.setAttr("name", room.name)
          .setAttr("member-count", Integer.toString(room.members.size()))
          .setAttr("ghost-count", "0")
          .setAttr("rate", Integer.toString(Conferences.RATE))
          .setAttr("uuid", room.uuid);
      for (String flag : ROOM_FLAGS.split("\\|")) {
        x.setAttr(flag, "true");
      }
      if (room.recordCount > 0) {
        x.setAttr("recording", "true");
      }
      x.setAttr("run_time", Long.toString((now - room.createdAtMillis) / 1000));
      x.addChild("variables", 0);
      SwitchXml.Element xMembers = x.addChild("members", 0);
      int moff = 0;
      for (Object node : nodesNewestFirst(room)) {
        SwitchXml.Element xMember = xMembers.addChild("member", moff++);
        if (node instanceof Conferences.Recorder r) {
          xmlRecorder(xMember, r);
        } else {
          xmlCaller(xMember, (Conferences.Member) node, room, now);
        }
      }
    }
    return "<?xml version=\"1.0\"?>\n" + xConferences.toXml();
  }

  /** conference_xlist's recording_node member: its file and when recording began. */
  private static void xmlRecorder(SwitchXml.Element xMember, Conferences.Recorder r) {
    xMember.setAttr("type", "recording_node");
    SwitchXml.Element path = xMember.addChild("record_path", 0).setTxt(r.path);
    if (r.paused()) {
      path.setAttr("status", "paused");
    }
    xMember
        .addChild("join_time", 1)
        .setAttr("type", "UNIX-epoch")
        .setTxt(Long.toString(r.startedAtMillis / 1000));
  }

  /**
   * conference_xlist's caller member: add_x_tag values, then {@code <flags>} at offset 0 (so it is
   * written right after {@code <id>}), then output-volume.
   */
  private static void xmlCaller(
      SwitchXml.Element xMember, Conferences.Member m, Conferences.Room room, long now) {
    xMember.setAttr("type", "caller");
    int toff = 0;
    tag(xMember, "id", Integer.toString(m.id), toff++);
    tag(xMember, "uuid", m.uuid, toff++);
    tag(xMember, "caller_id_name", m.callerIdName, toff++);
    tag(xMember, "caller_id_number", m.callerIdNumber, toff++);
    tag(xMember, "join_time", Long.toString((now - m.joinedAtMillis) / 1000), toff++);
    tag(
        xMember,
        "last_talking",
        m.lastTalkingMillis == 0 ? "N/A" : Long.toString((now - m.lastTalkingMillis) / 1000),
        toff++);
    tag(xMember, "energy", Integer.toString(Conferences.ENERGY_LEVEL), toff++);
    tag(xMember, "volume_in", "0", toff++);
    tag(xMember, "volume_out", "0", toff++);
    int count = 0;
    SwitchXml.Element flags = xMember.addChild("flags", count++);
    String[][] values = {
      {"can_hear", "true"},
      {"can_see", "true"},
      {"can_speak", Boolean.toString(m.canSpeak)},
      {"mute_detect", "false"},
      {"talking", Boolean.toString(m.talking)},
      {"hold", "false"},
      {"has_video", "false"},
      {"video_bridge", "false"},
      {"has_floor", Boolean.toString(room.floorHolder == m.id)},
      {"is_moderator", Boolean.toString(m.moderator)},
      {"end_conference", "false"},
      {"mandatory_member_end_conference", "false"},
      {"is_ghost", "false"}
    };
    for (String[] flag : values) {
      flags.addChild(flag[0], count++).setTxt(flag[1]);
    }
    tag(xMember, "output-volume", "0", toff++);
  }

  /** add_x_tag (mod_conference.c:1122): the value is URL-encoded. */
  private static void tag(SwitchXml.Element member, String name, String value, int off) {
    member.addChild(name, off).setTxt(EventSerializer.urlEncode(value));
  }

  /** conference->members, callers and recorders together, each put at the head when it joined. */
  private static List<Object> nodesNewestFirst(Conferences.Room room) {
    List<Object> nodes = new ArrayList<>(room.members.values());
    nodes.addAll(room.recorders);
    nodes.sort(Comparator.comparingInt(ConferenceApi::nodeId).reversed());
    return nodes;
  }

  private static int nodeId(Object node) {
    return node instanceof Conferences.Member m ? m.id : ((Conferences.Recorder) node).id;
  }
}
