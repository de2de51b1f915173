package io.switchboard.bench.esl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslEventParser;
import io.switchboard.esl.EslFrameDecoder;
import io.switchboard.esl.EslProtocolException;
import io.switchboard.testkit.frames.EventFrames;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.freeswitch.esl.client.transport.message.EslMessage;
import org.jboss.netty.buffer.ChannelBuffers;
import org.jboss.netty.handler.codec.embedder.DecoderEmbedder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding FreeSWITCH event frames: Switchboard's decoder and event parser beside the Netty decoder
 * of org.freeswitch.esl.client 0.9.2, both fed the same bytes in the same socket-sized chunks. One
 * operation is one event, decoded into its headers.
 *
 * <ul>
 *   <li>{@code switchboard}: frame decoder + event parser, then every header's decoded value read
 *       as UTF-8 bytes, as the gateway does when it forwards an event.
 *   <li>{@code switchboardStrings}: the same, but every value built as a String.
 *   <li>{@code switchboardFramesOnly}: frame decoder alone.
 *   <li>{@code eslClient}: esl-client's EslFrameDecoder (Netty 3 ReplayingDecoder) and, for plain
 *       events, its EslEvent, which splits and URL-decodes the headers. esl-client cannot parse
 *       json events (EslEvent throws), so for json it only splits the frame into body lines: less
 *       work than ours, which keeps the comparison conservative.
 *   <li>{@code eslClientPlusJackson}: for json, esl-client's frames plus a Jackson tree of the
 *       body, which is what a user of that client would have to add.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EslDecodeBenchmark {
  static final int EVENTS = 100;

  /** A socket read of FreeSWITCH's output rarely exceeds this. */
  static final int CHUNK = 16 * 1024;

  @Param({EventFrames.CONFERENCE_ADD_MEMBER, EventFrames.CHANNEL_CREATE})
  public String event;

  @Param({"plain", "json"})
  public String format;

  private byte[][] chunks;
  private EslFrameDecoder frameDecoder;
  private EslFrameDecoder frameOnlyDecoder;
  private final EslEventParser parser = new EslEventParser();
  private final List<EslEvent> decoded = new ArrayList<>(EVENTS);
  private long valueBytes;
  private final EslEvent.Utf8HeaderSink sink =
      (name, value, offset, length) -> valueBytes += length;
  private int framesOnly;
  private DecoderEmbedder<EslMessage> eslClient;
  private final ObjectMapper mapper = new ObjectMapper();

  @Setup
  public void setUp() throws Exception {
    byte[] frame = EventFrames.frame(event, format);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < EVENTS; i++) {
      stream.write(frame);
    }
    byte[] all = stream.toByteArray();
    int n = (all.length + CHUNK - 1) / CHUNK;
    chunks = new byte[n][];
    for (int i = 0; i < n; i++) {
      int from = i * CHUNK;
      chunks[i] = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + CHUNK));
    }
    frameDecoder =
        new EslFrameDecoder(
            f -> {
              try {
                decoded.add(parser.parse(f));
              } catch (EslProtocolException e) {
                throw new IllegalStateException(e);
              }
            });
    frameOnlyDecoder = new EslFrameDecoder(f -> framesOnly++);
    eslClient =
        new DecoderEmbedder<>(
            new org.freeswitch.esl.client.transport.message.EslFrameDecoder(8192));
    // Check once that every decoder sees every event, so the figures compare equal work.
    check(decodeAll(), "switchboard");
    check(
        eslClient(
            new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.")),
        "eslClient");
  }

  private static void check(int count, String who) {
    if (count != EVENTS) {
      throw new IllegalStateException(who + " decoded " + count + " events, expected " + EVENTS);
    }
  }

  private int decodeAll() throws EslProtocolException {
    decoded.clear();
    for (byte[] chunk : chunks) {
      frameDecoder.feed(chunk, 0, chunk.length);
    }
    return decoded.size();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long switchboard() throws EslProtocolException {
    decodeAll();
    valueBytes = 0;
    for (EslEvent e : decoded) {
      e.forEachHeaderUtf8(sink);
    }
    return valueBytes;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int switchboardStrings(Blackhole bh) throws EslProtocolException {
    decodeAll();
    for (EslEvent e : decoded) {
      for (int i = 0; i < e.headerCount(); i++) {
        bh.consume(e.headerValue(i));
      }
    }
    return decoded.size();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int switchboardFramesOnly() throws EslProtocolException {
    framesOnly = 0;
    for (byte[] chunk : chunks) {
      frameOnlyDecoder.feed(chunk, 0, chunk.length);
    }
    return framesOnly;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int eslClient(Blackhole bh) {
    int count = 0;
    for (byte[] chunk : chunks) {
      eslClient.offer(ChannelBuffers.wrappedBuffer(chunk));
      EslMessage message;
      while ((message = eslClient.poll()) != null) {
        if ("plain".equals(format)) {
          bh.consume(new org.freeswitch.esl.client.transport.event.EslEvent(message));
        } else {
          bh.consume(message.getBodyLines());
        }
        count++;
      }
    }
    return count;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public int eslClientPlusJackson(Blackhole bh) throws Exception {
    int count = 0;
    for (byte[] chunk : chunks) {
      eslClient.offer(ChannelBuffers.wrappedBuffer(chunk));
      EslMessage message;
      while ((message = eslClient.poll()) != null) {
        if ("plain".equals(format)) {
          bh.consume(new org.freeswitch.esl.client.transport.event.EslEvent(message));
        } else {
          JsonNode tree = mapper.readTree(String.join("\n", message.getBodyLines()));
          bh.consume(tree);
        }
        count++;
      }
    }
    return count;
  }
}
