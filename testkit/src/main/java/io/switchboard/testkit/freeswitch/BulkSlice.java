package io.switchboard.testkit.freeswitch;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive events of a bulk emission, fired at one instant: alike but for Event-Sequence and
 * Load-Index, which count up from the first event's. In the plain format they are written from a
 * template of the first event (its serialized lines, cut where those two values go), which gives
 * each event's bytes exactly as {@link EventSerializer#frame} would without building a {@link
 * SimEvent} per event. Load runs need that: in the same JVM as the gateway under test, the
 * simulator's own serialization cost as much CPU as the gateway's work.
 */
final class BulkSlice {
  private static final List<String> COUNTED = List.of("Event-Sequence", "Load-Index");

  private final SimEvent first;
  private final long firstSequence;
  private final long firstIndex;
  private final int size;
  private List<byte[]> fixed;
  private List<String> counted;
  private int fixedLength;

  /**
   * {@code first} carries Event-Sequence {@code firstSequence} and Load-Index {@code firstIndex}.
   */
  BulkSlice(SimEvent first, long firstSequence, long firstIndex, int size) {
    this.first = first;
    this.firstSequence = firstSequence;
    this.firstIndex = firstIndex;
    this.size = size;
  }

  SimEvent first() {
    return first;
  }

  int size() {
    return size;
  }

  /** Event {@code i} of the slice, as a {@link SimEvent} (for other formats and filters). */
  SimEvent event(int i) {
    SimEvent event = new SimEvent(first.name(), first.subclass());
    for (SimEvent.Header h : first.headers()) {
      if (COUNTED.contains(h.name())) {
        event.add(h.name(), counted(h.name(), i));
      } else if (h.isArray()) {
        event.addArray(h.name(), h.values());
      } else {
        event.add(h.name(), h.value());
      }
    }
    return event.body(first.body());
  }

  /** Every event of the slice as mod_event_socket frames in the plain format, in order. */
  Buffer plainFrames() {
    if (fixed == null) {
      cutTemplate();
    }
    Buffer out = Buffer.buffer(size * (fixedLength + 64));
    String[] values = new String[counted.size()];
    for (int i = 0; i < size; i++) {
      int length = fixedLength;
      for (int v = 0; v < values.length; v++) {
        values[v] = counted(counted.get(v), i);
        length += values[v].length();
      }
      out.appendString(EventSerializer.frameHead(length, EventFormat.PLAIN));
      out.appendBytes(fixed.get(0));
      for (int v = 0; v < values.length; v++) {
        out.appendString(values[v]).appendBytes(fixed.get(v + 1));
      }
    }
    return out;
  }

  /** The first event's plain text, cut before each counted value (digits need no URL-encoding). */
  private void cutTemplate() {
    fixed = new ArrayList<>();
    counted = new ArrayList<>();
    StringBuilder part = new StringBuilder(1024);
    for (SimEvent.Header h : first.headers()) {
      if (COUNTED.contains(h.name())) {
        fixed.add(part.append(h.name()).append(": ").toString().getBytes(StandardCharsets.UTF_8));
        counted.add(h.name());
        part.setLength(0);
        part.append('\n');
      } else {
        EventSerializer.appendPlainHeader(part, h);
      }
    }
    EventSerializer.appendPlainEnd(part, first);
    fixed.add(part.toString().getBytes(StandardCharsets.UTF_8));
    fixedLength = fixed.stream().mapToInt(b -> b.length).sum();
  }

  private String counted(String header, int i) {
    return Long.toString(("Event-Sequence".equals(header) ? firstSequence : firstIndex) + i);
  }
}
