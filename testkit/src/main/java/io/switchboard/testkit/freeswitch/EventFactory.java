package io.switchboard.testkit.freeswitch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates events with the headers switch_event_create_subclass_detailed gives every event, in its
 * order (switch_event.c, switch_event_prep_for_delivery_detailed): Event-Name, Core-UUID,
 * FreeSWITCH-Hostname, FreeSWITCH-Switchname, FreeSWITCH-IPv4, FreeSWITCH-IPv6, Event-Date-Local,
 * Event-Date-GMT, Event-Date-Timestamp (microseconds), Event-Calling-File, Event-Calling-Function,
 * Event-Calling-Line-Number, Event-Sequence; then Event-Subclass for CUSTOM events.
 */
final class EventFactory {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  /** switch_rfc822_date: "%s, %d %s %04d %02d:%02d:%02d GMT". */
  private static final DateTimeFormatter RFC822 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private final Identity identity;
  private final AtomicLong sequence = new AtomicLong();

  /** The two date headers change once a second: formatted once per second. */
  private long datesSecond = -1;

  private String dateLocal;
  private String dateGmt;

  EventFactory(Identity identity) {
    this.identity = identity;
  }

  /** Where an event was "created" in FreeSWITCH's source, for the Event-Calling-* headers. */
  record Origin(String file, String function, int line) {}

  /** Called on the simulator's context only (the date cache is not shared between threads). */
  SimEvent create(String name, String subclass, Origin origin) {
    return create(name, subclass, origin, nowMicros(), sequence.incrementAndGet());
  }

  /** Reserves {@code count} consecutive Event-Sequence numbers; returns the first. */
  long reserveSequences(int count) {
    return sequence.getAndAdd(count) + 1;
  }

  /**
   * An event created at {@code micros} with the given Event-Sequence (see {@link
   * #reserveSequences}).
   */
  SimEvent create(String name, String subclass, Origin origin, long micros, long eventSequence) {
    long second = micros / 1_000_000;
    if (second != datesSecond) {
      Instant instant = Instant.ofEpochSecond(second);
      dateLocal = LOCAL.format(ZonedDateTime.ofInstant(instant, ZoneId.systemDefault()));
      dateGmt = RFC822.format(ZonedDateTime.ofInstant(instant, ZoneId.of("GMT")));
      datesSecond = second;
    }
    SimEvent event =
        new SimEvent(name, subclass)
            .add("Event-Name", name)
            .add("Core-UUID", identity.coreUuid())
            .add("FreeSWITCH-Hostname", identity.hostname())
            .add("FreeSWITCH-Switchname", identity.switchname())
            .add("FreeSWITCH-IPv4", identity.ipv4())
            .add("FreeSWITCH-IPv6", identity.ipv6())
            .add("Event-Date-Local", dateLocal)
            .add("Event-Date-GMT", dateGmt)
            .add("Event-Date-Timestamp", Long.toString(micros))
            .add("Event-Calling-File", origin.file())
            .add("Event-Calling-Function", origin.function())
            .add("Event-Calling-Line-Number", Integer.toString(origin.line()))
            .add("Event-Sequence", Long.toString(eventSequence));
    if (subclass != null) {
      event.add("Event-Subclass", subclass);
    }
    return event;
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
