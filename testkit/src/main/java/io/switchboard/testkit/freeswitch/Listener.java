package io.switchboard.testkit.freeswitch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound event-socket connection, run as mod_event_socket.c's listener_run and parse_command
 * run it: greeting, authentication, commands answered in order, events queued in a bounded queue
 * (MAX_QUEUE_LEN) that kills the listener after MAX_MISSED lost events. Lives on the simulator's
 * event loop.
 */
final class Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
  static final int MAX_QUEUE_LEN = 100_000;
  static final int MAX_MISSED = 500;
  private static final int FLUSH_BYTES = 256 * 1024;
  static final String GOODBYE =
      "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
  static final String LOST_EVENTS = "killed listener because of lost events\n";

  private final long id;
  private final NetSocket socket;
  private final SimulatorCore core;
  private final CommandReader reader;
  private final Subscription subscription = new Subscription();

  /** Frames waiting for the socket; a bulk slice waits as one entry of many events. */
  private record Queued(Buffer frames, int events) {}

  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int queuedEvents;
  private boolean authed;
  private boolean running = true;
  private boolean frozen;
  private boolean deferring;
  private int lost;
  private int logLevel = -1;
  private long authTimer;

  Listener(long id, NetSocket socket, SimulatorCore core) {
    this.id = id;
    this.socket = socket;
    this.core = core;
    this.reader = new CommandReader(this::handle);
  }

  long id() {
    return id;
  }

  void start(long authTimeoutMillis) {
    socket.handler(
        data -> {
          try {
            reader.feed(data);
          } catch (CommandReader.Rejected e) {
            LOG.warn("listener {}: {}", id, e.getMessage());
            end(GOODBYE);
          }
        });
    socket.closeHandler(
        v -> {
          running = false;
          core.forget(this);
        });
    socket.exceptionHandler(e -> LOG.debug("listener {}: {}", id, e.toString()));
    socket.drainHandler(v -> flush());
    socket.write(Buffer.buffer("Content-Type: auth/request\n\n"));
    // listener_run waits 25 s for the first command (read_packet(listener, &event, 25)).
    authTimer =
        core.vertx()
            .setTimer(
                authTimeoutMillis,
                t -> {
                  if (!authed && running) {
                    end(GOODBYE);
                  }
                });
  }

  private void handle(InboundCommand command) {
    if (!running) {
      return;
    }
    // Events fired while a command runs wait in the queue until its reply is out: FreeSWITCH's
    // listener thread writes the reply first and sends queued events on its next loop.
    deferring = true;
    try {
      dispatch(command);
    } finally {
      deferring = false;
      flush();
    }
  }

  private void dispatch(InboundCommand command) {
    String line = command.line();
    core.logCommand(id, redact(line));
    String lower = line.toLowerCase(Locale.ROOT);
    if (lower.startsWith("exit") || lower.startsWith("...")) {
      reply("+OK bye");
      end(GOODBYE);
      return;
    }
    if (!authed) {
      authenticate(line);
      return;
    }
    if (lower.startsWith("filter ")) {
      reply(subscription.filter(line.substring(7)));
    } else if (lower.startsWith("api ")) {
      api(line.substring(4));
    } else if (lower.startsWith("bgapi ")) {
      bgapi(line.substring(6), command.header("job-uuid"));
    } else if (lower.startsWith("log")) {
      log(line.substring(3).trim());
    } else if (lower.startsWith("nolog")) {
      reply(logLevel >= 0 ? "+OK no longer logging" : "-ERR not loging");
      logLevel = -1;
    } else if (lower.startsWith("event")) {
      int space = line.indexOf(' ');
      reply(subscription.event(space < 0 ? "" : line.substring(space + 1)));
    } else if (lower.startsWith("nixevent")) {
      int space = line.indexOf(' ');
      reply(subscription.nixevent(space < 0 ? "" : line.substring(space + 1)));
    } else if (lower.startsWith("noevents")) {
      reply(subscription.noevents());
    } else {
      reply("-ERR command not found");
    }
  }

  private static String redact(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    if (lower.startsWith("auth ")) {
      return "auth ***";
    }
    if (lower.startsWith("userauth ")) {
      int colon = line.lastIndexOf(':');
      return colon > 0 ? line.substring(0, colon) + ":***" : "userauth ***";
    }
    return line;
  }

  /** parse_command before LFLAG_AUTHED: only auth and userauth; anything else is "not found". */
  private void authenticate(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    if (lower.startsWith("auth ")) {
      if (core.options().password().equals(line.substring(5))) {
        accept("+OK accepted", null);
      } else {
        reject();
      }
    } else if (lower.startsWith("userauth ")) {
      // "userauth user@domain:password"; the reply lists what the user may do
      // (mod_event_socket.c:1905-1946).
      String rest = line.substring(9);
      int at = rest.indexOf('@');
      int colon = rest.indexOf(':', Math.max(at, 0));
      String user = at < 0 ? rest : rest.substring(0, at);
      String domain =
          at < 0 ? null : (colon < 0 ? rest.substring(at + 1) : rest.substring(at + 1, colon));
      String password = colon < 0 ? null : rest.substring(colon + 1);
      String expected = domain == null ? null : core.options().users().get(user + "@" + domain);
      if (expected != null && expected.equals(password)) {
        accept(
            null,
            "~Reply-Text: +OK accepted\nAllowed-Events: all\nAllowed-API: all\nAllowed-LOG: true\n\n");
      } else {
        reject();
      }
    } else {
      reply("-ERR command not found");
    }
  }

  private void accept(String replyText, String rawReply) {
    authed = true;
    core.vertx().cancelTimer(authTimer);
    if (rawReply != null) {
      socket.write(Buffer.buffer("Content-Type: command/reply\n" + rawReply.substring(1)));
    } else {
      reply(replyText);
    }
  }

  private void reject() {
    reply("-ERR invalid");
    end(GOODBYE);
  }

  private void api(String commandLine) {
    String reply = core.api().execute(commandLine);
    // api_exec: an empty reply becomes "-ERR no reply\n".
    if (reply.isEmpty()) {
      reply = "-ERR no reply\n";
    }
    byte[] body = reply.getBytes(StandardCharsets.UTF_8);
    socket.write(
        Buffer.buffer("Content-Type: api/response\nContent-Length: " + body.length + "\n\n")
            .appendBytes(body));
  }

  private void bgapi(String commandLine, String jobUuid) {
    String job = jobUuid != null ? jobUuid : java.util.UUID.randomUUID().toString();
    socket.write(
        Buffer.buffer(
            "Content-Type: command/reply\nReply-Text: +OK Job-UUID: "
                + job
                + "\nJob-UUID: "
                + job
                + "\n\n"));
    // api_exec runs the job in a thread of its own, after the reply went out.
    core.vertx().runOnContext(v -> core.runBackgroundJob(job, commandLine));
  }

  private void log(String level) {
    int parsed = LogLevels.parse(level.isEmpty() ? "debug" : level.split(" ")[0]);
    if (parsed < 0) {
      reply("-ERR invalid log level");
    } else {
      logLevel = parsed;
      reply("+OK log level " + (level.isEmpty() ? "" : level.split(" ")[0]) + " [" + parsed + "]");
    }
  }

  void reply(String text) {
    if (running) {
      socket.write(Buffer.buffer("Content-Type: command/reply\nReply-Text: " + text + "\n\n"));
    }
  }

  /** event_handler for this listener: subscription, filters, bounded queue. */
  void offer(SimEvent event, Map<EventFormat, byte[]> frames) {
    if (!running || !subscription.wants(event)) {
      return;
    }
    enqueue(
        Buffer.buffer(
            frames.computeIfAbsent(subscription.format(), f -> EventSerializer.frame(event, f))));
  }

  /**
   * {@link #offer} for each event of the slice. Where no filter looks at their values, a plain
   * listener gets them from the slice's template, written at once or queued as one entry; event by
   * event otherwise, or when the queue has room for only some of them.
   */
  void offerAll(BulkSlice slice) {
    if (!running) {
      return;
    }
    if (subscription.format() == EventFormat.PLAIN && !subscription.filtered()) {
      if (!subscription.wants(slice.first())) {
        return;
      }
      if (writesDirectly()) {
        socket.write(slice.plainFrames());
        return;
      }
      if (queuedEvents + slice.size() <= MAX_QUEUE_LEN) {
        lost = 0;
        queue.add(new Queued(slice.plainFrames(), slice.size()));
        queuedEvents += slice.size();
        return;
      }
    }
    for (int i = 0; i < slice.size(); i++) {
      offer(slice.event(i), new EnumMap<>(EventFormat.class));
    }
  }

  /** Nothing waits in the queue and the socket takes more: an event goes out at once. */
  private boolean writesDirectly() {
    return !frozen && !deferring && queue.isEmpty() && !socket.writeQueueFull();
  }

  void offerLog(int level, String text) {
    if (!running || logLevel < 0 || level > logLevel) {
      return;
    }
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    enqueue(
        Buffer.buffer(
                "Content-Type: log/data\nContent-Length: "
                    + data.length
                    + "\nLog-Level: "
                    + level
                    + "\nText-Channel: 0\nLog-File: switchboard_sim.c\nLog-Func: sim_log\nLog-Line: 1\nUser-Data: \n\n")
            .appendBytes(data));
  }

  private void enqueue(Buffer frame) {
    if (writesDirectly()) {
      socket.write(frame);
      return;
    }
    if (queuedEvents >= MAX_QUEUE_LEN) {
      core.countLost();
      if (++lost > MAX_MISSED) {
        LOG.warn("listener {}: killing listener because of too many lost events ({})", id, lost);
        end(LOST_EVENTS);
      }
      return;
    }
    lost = 0;
    queue.add(new Queued(frame, 1));
    queuedEvents++;
  }

  private void flush() {
    while (!frozen && running && !queue.isEmpty() && !socket.writeQueueFull()) {
      Buffer next = take();
      if (!queue.isEmpty() && next.length() < FLUSH_BYTES) {
        // What waited goes out in writes of up to 256 KiB, not one system call per event.
        next = Buffer.buffer(FLUSH_BYTES).appendBuffer(next);
        while (!queue.isEmpty() && next.length() < FLUSH_BYTES) {
          next.appendBuffer(take());
        }
      }
      socket.write(next);
    }
  }

  /** Stops reading commands and sending events, as a hung FreeSWITCH would. */
  void freeze() {
    frozen = true;
    socket.pause();
  }

  void thaw() {
    frozen = false;
    socket.resume();
    flush();
  }

  void writeRaw(Buffer bytes) {
    socket.write(bytes);
  }

  /** kill_listener / the end of listener_run: disconnect notice, then close. */
  void end(String notice) {
    if (!running) {
      return;
    }
    running = false;
    byte[] message = notice.getBytes(StandardCharsets.UTF_8);
    socket.write(
        Buffer.buffer(
                "Content-Type: text/disconnect-notice\nContent-Length: " + message.length + "\n\n")
            .appendBytes(message));
    socket.end();
  }

  /** A crash or cable cut: no notice. */
  void drop() {
    running = false;
    socket.close();
  }

  boolean authed() {
    return authed;
  }

  List<String> subscriptions() {
    return subscription.describe();
  }

  private Buffer take() {
    Queued head = queue.poll();
    queuedEvents -= head.events();
    return head.frames();
  }

  int queued() {
    return queuedEvents;
  }
}
