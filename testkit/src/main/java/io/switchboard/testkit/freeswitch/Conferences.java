package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * mod_conference's rooms, members, floor and recorders, and the conference::maintenance events it
 * fires for them, with the header sets of conference_event_add_data and
 * conference_member_add_event_data. Rooms run BBB's cdquality profile. The {@code conference} API
 * is {@link ConferenceApi}.
 */
final class Conferences {
  static final String MAINTENANCE = "conference::maintenance";
  static final String PROFILE = "cdquality";
  static final int RATE = 48000;

  /** BBB's cdquality profile sets energy-level 300 (conference.conf.xml). */
  static final int ENERGY_LEVEL = 300;

  /** A conference member: a channel in the room. */
  static final class Member {
    final int id;
    final String uuid = UUID.randomUUID().toString();
    final String callerIdName;
    final String callerIdNumber;
    final String channelName;
    final long createdMicros = EventFactory.nowMicros();
    final long joinedAtMillis = System.currentTimeMillis();
    long lastTalkingMillis;
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

  /** A recording: a member without a channel (MFLAG_NOCHANNEL) writing the room to a file. */
  static final class Recorder {
    final int id;
    final String path;
    final long startedAtMillis = System.currentTimeMillis();
    final boolean opened;
    long pausedAtMillis = -1;
    long pausedMillis;
    boolean stopping;

    Recorder(int id, String path, boolean opened) {
      this.id = id;
      this.path = path;
      this.opened = opened;
    }

    boolean paused() {
      return pausedAtMillis >= 0;
    }

    /** fh.samples_out: what was written, at the room's rate, paused time left out. */
    long samplesOut() {
      if (!opened) {
        return 0;
      }
      long now = System.currentTimeMillis();
      long written = now - startedAtMillis - pausedMillis - (paused() ? now - pausedAtMillis : 0);
      return Math.max(0, written) * (RATE / 1000);
    }
  }

  static final class Room {
    final String name;
    final String uuid = UUID.randomUUID().toString();
    final long createdAtMillis = System.currentTimeMillis();
    final Map<Integer, Member> members = new LinkedHashMap<>();

    /** Newest first, as conference->rec_node_head lists them. */
    final List<Recorder> recorders = new ArrayList<>();

    /** conference->floor_holder; 0 for nobody. */
    int floorHolder;

    /** conference->record_count: up at start, down only when the recorder thread ends. */
    int recordCount;

    Room(String name) {
      this.name = name;
    }

    /**
     * conference->members order: each member is put at the head of the list
     * (conference_member.c:1070).
     */
    List<Member> membersNewestFirst() {
      return members.values().stream()
          .sorted(Comparator.comparingInt((Member m) -> m.id).reversed())
          .toList();
    }
  }

  private final EventFactory events;
  private final Identity identity;
  private final Consumer<SimEvent> fire;
  private final Executor later;
  private final Map<String, Room> rooms = new LinkedHashMap<>();
  private final Set<String> unwritablePaths = ConcurrentHashMap.newKeySet();
  private int nextMemberId = 1;

  /** {@code later} runs what FreeSWITCH does on another thread after the API call returns. */
  Conferences(EventFactory events, Identity identity, Consumer<SimEvent> fire, Executor later) {
    this.events = events;
    this.identity = identity;
    this.fire = fire;
    this.later = later;
  }

  Map<String, Room> rooms() {
    return rooms;
  }

  Room room(String name) {
    return rooms.get(name);
  }

  /** Recordings to paths starting with this prefix cannot be opened (or can again). */
  void unwritable(String pathPrefix, boolean unwritable) {
    if (unwritable) {
      unwritablePaths.add(pathPrefix);
    } else {
      unwritablePaths.remove(pathPrefix);
    }
  }

  /** conference_new / the first join: conference-create. */
  Room create(String name) {
    Room room = rooms.get(name);
    if (room != null) {
      return room;
    }
    room = new Room(name);
    rooms.put(name, room);
    SimEvent event =
        events.create(
            "CUSTOM",
            MAINTENANCE,
            new EventFactory.Origin("mod_conference.c", "conference_new", 3850));
    addConferenceData(room, event);
    fire.accept(event.add("Action", "conference-create"));
    return room;
  }

  /** conference_member_add: add-member, then the conference thread gives a free floor away. */
  int addMember(String roomName, String callerIdName, String callerIdNumber, boolean moderator) {
    Room room = create(roomName);
    Member member =
        new Member(nextMemberId++, callerIdName, callerIdNumber, identity.ipv4(), moderator);
    room.members.put(member.id, member);
    fire.accept(
        memberEvent(
            room,
            member,
            "add-member",
            new EventFactory.Origin("conference_member.c", "conference_member_add", 963)));
    giveFreeFloor(room);
    return member.id;
  }

  /** The call leaves the room (conference_member_del); the last one leaving ends the room. */
  boolean removeMember(String roomName, int memberId) {
    Room room = rooms.get(roomName);
    Member member = room == null ? null : room.members.get(memberId);
    if (member == null) {
      return false;
    }
    leave(room, member);
    if (room.members.isEmpty()) {
      destroy(room);
    } else {
      giveFreeFloor(room);
    }
    return true;
  }

  /**
   * conference_member_del: the holder's floor is dropped first (:1300), then del-member (:1357).
   */
  private void leave(Room room, Member member) {
    if (room.floorHolder == member.id) {
      setFloor(room, null);
    }
    room.members.remove(member.id);
    fire.accept(
        memberEvent(
            room,
            member,
            "del-member",
            new EventFactory.Origin("conference_member.c", "conference_member_del", 1356)));
  }

  /**
   * conference_api_sub_kick (conference_api.c:881): kick-member while the member is still in the
   * room, then the call leaves it.
   */
  boolean kick(String roomName, int memberId) {
    Room room = rooms.get(roomName);
    Member member = room == null ? null : room.members.get(memberId);
    if (member == null) {
      return false;
    }
    fire.accept(
        memberEvent(
            room,
            member,
            "kick-member",
            new EventFactory.Origin("conference_api.c", "conference_api_sub_kick", 904)));
    return removeMember(roomName, memberId);
  }

  /**
   * start-talking/stop-talking; a member who starts talking while the holder is silent takes the
   * floor (the conference thread's check, mod_conference.c:316).
   */
  boolean talking(String roomName, int memberId, boolean talking) {
    Member member = member(roomName, memberId);
    if (member == null || member.talking == talking) {
      return member != null;
    }
    Room room = rooms.get(roomName);
    member.talking = talking;
    member.lastTalkingMillis = System.currentTimeMillis();
    fire.accept(
        memberEvent(
            room,
            member,
            talking ? "start-talking" : "stop-talking",
            new EventFactory.Origin(
                "conference_loop.c", "conference_loop_input", talking ? 1155 : 795)));
    Member holder = room.members.get(room.floorHolder);
    if (talking && room.floorHolder != member.id && (holder == null || !holder.talking)) {
      setFloor(room, member);
    }
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
    fire.accept(
        memberEvent(
            rooms.get(roomName),
            member,
            mute ? "mute-member" : "unmute-member",
            new EventFactory.Origin(
                "conference_api.c",
                mute ? "conference_api_sub_mute" : "conference_api_sub_unmute",
                mute ? 340 : 493)));
    return true;
  }

  /**
   * A member pressed {@code key}, bound in the caller controls to the {@code event} action with
   * {@code data}: conference_loop_event (conference_loop.c:616) fires dtmf.
   */
  boolean pressDtmf(String roomName, int memberId, String key, String data) {
    Member member = member(roomName, memberId);
    if (member == null) {
      return false;
    }
    SimEvent event =
        memberEvent(
            rooms.get(roomName),
            member,
            "dtmf",
            new EventFactory.Origin("conference_loop.c", "conference_loop_event", 621));
    fire.accept(event.add("DTMF-Key", key).add("Data", data));
    return true;
  }

  /**
   * conference_api_sub_dtmf (conference_api.c:1017-1056): the digits are queued to the member,
   * dtmf-member.
   */
  void sendDtmf(Room room, Member member, String digits) {
    SimEvent event =
        memberEvent(
            room,
            member,
            "dtmf-member",
            new EventFactory.Origin("conference_api.c", "conference_api_sub_dtmf", 1051));
    fire.accept(event.add("Digits", digits));
  }

  /**
   * Ends a room: every member leaves (del-member each), recorders stop, then conference-destroy.
   */
  boolean destroy(String roomName) {
    Room room = rooms.get(roomName);
    if (room == null) {
      return false;
    }
    for (Member member : room.membersNewestFirst()) {
      leave(room, member);
    }
    destroy(room);
    return true;
  }

  /** conference_destroy waits for the recorder threads, which stop once the room is empty. */
  private void destroy(Room room) {
    for (Recorder recorder : new ArrayList<>(room.recorders)) {
      endRecorder(room, recorder);
    }
    rooms.remove(room.name);
    SimEvent event =
        events.create(
            "CUSTOM",
            MAINTENANCE,
            new EventFactory.Origin("mod_conference.c", "conference_destroy", 862));
    addConferenceData(room, event);
    fire.accept(event.add("Action", "conference-destroy"));
  }

  /**
   * The conference thread gives a free floor to the first running member of its list
   * (mod_conference.c:316-323).
   */
  private void giveFreeFloor(Room room) {
    if (room.floorHolder == 0 && !room.members.isEmpty()) {
      setFloor(room, room.membersNewestFirst().get(0));
    }
  }

  /** conference_member_set_floor_holder (conference_member.c:1105-1172): floor-change. */
  private void setFloor(Room room, Member member) {
    int old = room.floorHolder;
    room.floorHolder = member == null ? 0 : member.id;
    SimEvent event =
        events.create(
            "CUSTOM",
            MAINTENANCE,
            new EventFactory.Origin(
                "conference_member.c", "conference_member_set_floor_holder", 1158));
    addConferenceData(room, event);
    event.add("Action", "floor-change").add("Old-ID", old == 0 ? "none" : Integer.toString(old));
    if (member != null) {
      // conference_member_add_event_data adds the conference data again, then the member's.
      addMemberData(room, member, event);
      event.add("New-ID", Integer.toString(member.id));
    } else {
      event.add("New-ID", "none");
    }
    fire.accept(event);
  }

  // ---- recording (conference_api.c:3723-3920, conference_record.c) ----------------------

  /**
   * The paths of conference_api_sub_record's duplicate check: what follows a {@code {...}} prefix.
   */
  private static String bare(String path) {
    int brace = path.lastIndexOf('}');
    return brace < 0 ? path : path.substring(brace + 1).replaceFirst("^[ }]+", "");
  }

  /** The recording already writing to this file, if any. */
  Recorder recording(Room room, String path) {
    return room.recorders.stream()
        .filter(r -> bare(r.path).equals(bare(path)))
        .findFirst()
        .orElse(null);
  }

  /**
   * conference_record_launch_thread and conference_record_thread_run: the recorder takes a member
   * id but fires no add-member and leaves Conference-Size alone; start-recording, with an Error
   * when the file cannot be opened (and then the thread ends at once). The thread also ends once
   * the room has no member (conference_record.c:330).
   */
  void startRecording(Room room, String path) {
    room.recordCount++;
    boolean opened = unwritablePaths.stream().noneMatch(path::startsWith);
    Recorder recorder = new Recorder(nextMemberId++, path, opened);
    room.recorders.add(0, recorder);
    SimEvent event =
        events.create(
            "CUSTOM",
            MAINTENANCE,
            new EventFactory.Origin(
                "conference_record.c", "conference_record_thread_run", opened ? 321 : 282));
    addConferenceData(room, event);
    event.add("Action", "start-recording").add("Path", path);
    if (!opened) {
      event.add("Error", "File could not be opened for recording");
    }
    fire.accept(event);
    if (!opened || room.members.isEmpty()) {
      recorder.stopping = true;
      later.execute(() -> endRecorder(room, recorder));
    }
  }

  /**
   * conference_record_stop: every matching recorder is told to stop (null for all); their threads
   * end later, each with stop-recording. Returns the paths told.
   */
  List<String> stopRecording(Room room, String path) {
    List<String> stopped = new ArrayList<>();
    for (Recorder recorder : room.recorders) {
      if (path == null || path.equals(recorder.path)) {
        stopped.add(recorder.path);
        if (!recorder.stopping) {
          recorder.stopping = true;
          later.execute(() -> endRecorder(room, recorder));
        }
      }
    }
    return stopped;
  }

  /**
   * conference_record_action with pause or resume; pause-recording or resume-recording when a
   * recorder matched (conference_api_sub_pauserec, conference_api.c:3834). False when none did.
   */
  boolean pauseRecording(Room room, String path, boolean pause) {
    boolean found = false;
    for (Recorder recorder : room.recorders) {
      if (path.equals(recorder.path)) {
        found = true;
        long now = System.currentTimeMillis();
        if (pause && !recorder.paused()) {
          recorder.pausedAtMillis = now;
        } else if (!pause && recorder.paused()) {
          recorder.pausedMillis += now - recorder.pausedAtMillis;
          recorder.pausedAtMillis = -1;
        }
      }
    }
    if (found) {
      SimEvent event =
          events.create(
              "CUSTOM",
              MAINTENANCE,
              new EventFactory.Origin("conference_api.c", "conference_api_sub_pauserec", 3864));
      addConferenceData(room, event);
      event
          .add("Action", pause ? "pause-recording" : "resume-recording")
          .add("Path", path)
          .add("Other-Recordings", room.recordCount > 0 ? "true" : "false");
      fire.accept(event);
    }
    return found;
  }

  /**
   * The end of conference_record_thread_run (conference_record.c:388-445): record_count falls,
   * stop-recording.
   */
  private void endRecorder(Room room, Recorder recorder) {
    if (!room.recorders.remove(recorder)) {
      return;
    }
    room.recordCount--;
    long samples = recorder.samplesOut();
    SimEvent event =
        events.create(
            "CUSTOM",
            MAINTENANCE,
            new EventFactory.Origin("conference_record.c", "conference_record_thread_run", 429));
    addConferenceData(room, event);
    event
        .add("Action", "stop-recording")
        .add("Path", recorder.path)
        .add("Other-Recordings", room.recordCount > 0 ? "true" : "false")
        .add("Samples-Out", Long.toString(samples))
        .add("Samplerate", Integer.toString(RATE))
        .add("Milliseconds-Elapsed", Long.toString(samples / (RATE / 1000)));
    fire.accept(event);
  }

  private Member member(String roomName, int memberId) {
    Room room = rooms.get(roomName);
    return room == null ? null : room.members.get(memberId);
  }

  /** conference_event_add_data. */
  private void addConferenceData(Room room, SimEvent event) {
    event
        .add("Conference-Name", room.name)
        .add("Conference-Domain", identity.hostname())
        .add("Conference-Size", Integer.toString(room.members.size()))
        .add("Conference-Ghosts", "0")
        .add("Conference-Profile-Name", PROFILE)
        .add("Conference-Unique-ID", room.uuid);
  }

  /** conference_member_add_event_data (conference_member.c:236). */
  private void addMemberData(Room room, Member m, SimEvent event) {
    addConferenceData(room, event);
    event.add("Floor", Boolean.toString(room.floorHolder == m.id));
    ChannelData.addBasicData(
        event,
        m.uuid,
        m.channelName,
        m.callerIdName,
        m.callerIdNumber,
        room.name,
        identity.ipv4(),
        m.createdMicros);
    event
        .add("Video", "false")
        .add("Hear", "true")
        .add("See", "true")
        .add("Speak", Boolean.toString(m.canSpeak))
        .add("Talking", Boolean.toString(m.talking))
        .add("Mute-Detect", "false")
        .add("Hold", "false")
        .add("Member-ID", Integer.toString(m.id))
        .add("Member-Type", m.moderator ? "moderator" : "member")
        .add("Member-Ghost", "false")
        .add("Energy-Level", Integer.toString(ENERGY_LEVEL))
        .add("Current-Energy", m.talking ? "500" : "0");
  }

  /** A member event: the member's data, then the Action. */
  private SimEvent memberEvent(Room room, Member m, String action, EventFactory.Origin origin) {
    SimEvent event = events.create("CUSTOM", MAINTENANCE, origin);
    addMemberData(room, m, event);
    return event.add("Action", action);
  }
}
