package io.switchboard.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslEventParser;
import io.switchboard.esl.EslFrame;
import io.switchboard.esl.EslFrameDecoder;
import io.switchboard.testkit.frames.EventFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming writer yields the envelope Json.encode(FsEvent) describes. */
class FsEventWriterTest {
  @Test
  void sameEnvelopeAsTheRecordForEveryFixture() throws Exception {
    for (String name : EventFrames.ALL) {
      for (String format : List.of("plain", "json", "xml")) {
        byte[] bytes = EventFrames.frame(name, format);
        List<EslFrame> frames = new ArrayList<>();
        new EslFrameDecoder(frames::add).feed(bytes, 0, bytes.length);
        EslEvent event = new EslEventParser().parse(frames.get(0));
        byte[] written = new FsEventWriter("node-1").write(event, "0", 42, 1_700_000_000_000L);
        FsEvent expected = new FsEvent(FsEvent.VERSION, "node-1", "0", 42, 1_700_000_000_000L, event.name(),
            event.subclass(), event.headers(), event.body());
        assertEquals(new String(Json.encode(expected)), new String(written), name + " " + format);
      }
    }
  }
}
