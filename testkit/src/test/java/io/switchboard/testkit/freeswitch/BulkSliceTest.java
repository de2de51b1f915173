package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class BulkSliceTest {
  private final EventFactory events =
      new EventFactory(
          new Identity(
              "6f4b0c2a-4a3e-4b8e-9d1c-2b7f1f5e9a10",
              "fs 1",
              "fs 1",
              "10.0.0.5",
              "::1",
              "1.10.12",
              0));

  private BulkSlice slice(long sequence, long index, int size) {
    SimEvent first =
        events.create(
            "CUSTOM",
            Conferences.MAINTENANCE,
            new EventFactory.Origin("mod_conference.c", "conference_thread_run", 267),
            1_764_530_000_123_456L,
            sequence);
    first
        .add("Conference-Name", "room 1: a+b")
        .add("Load-Index", Long.toString(index))
        .add("Empty", "")
        .add("variable_padding", "x%y ".repeat(40));
    return new BulkSlice(first, sequence, index, size);
  }

  @Test
  void plainFramesAreWhatTheSerializerWritesForEachEvent() {
    BulkSlice slice = slice(998, 9, 5);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < slice.size(); i++) {
      expected.writeBytes(EventSerializer.frame(slice.event(i), EventFormat.PLAIN));
    }
    Buffer frames = slice.plainFrames();
    assertArrayEquals(
        expected.toByteArray(),
        frames.getBytes(),
        "sequence 998..1002 and index 9..13 change the values' widths, and so each Content-Length");
  }

  @Test
  void eventsCountUpFromTheFirst() {
    BulkSlice slice = slice(41, 7, 4);
    SimEvent third = slice.event(2);
    assertEquals("43", third.header("Event-Sequence"));
    assertEquals("9", third.header("Load-Index"));
    assertEquals(slice.first().headers().size(), third.headers().size());
    assertEquals(slice.first().header("variable_padding"), third.header("variable_padding"));
    assertEquals(EventSerializer.plain(slice.first()), EventSerializer.plain(slice.event(0)));
  }
}
