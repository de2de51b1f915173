package io.switchboard.esl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of everything that reads bytes from FreeSWITCH: the frame decoder and the
 * event parser in all three formats. The only exception allowed to escape is the codec's own {@link
 * EslProtocolException}; anything else (an index error, an OutOfMemoryError, a buffer beyond its
 * bound) fails the test with the input that caused it.
 *
 * <p>A normal test run replays the stored corpus; {@code JAZZER_FUZZ=1} fuzzes (CI does so briefly,
 * see common/pom.xml).
 */
class EslDecoderFuzzTest {
  private static final int MAX_HEADER = 256;
  private static final int MAX_CONTENT = 4096;

  @FuzzTest(maxDuration = "30s")
  void decoderAndParserOnlyRaiseProtocolErrors(FuzzedDataProvider data) {
    EslEventParser parser = new EslEventParser();
    EslFrameDecoder decoder =
        new EslFrameDecoder(
            MAX_HEADER,
            MAX_CONTENT,
            frame -> {
              if (EslEventParser.isEvent(frame) && frame.body() != null) {
                try {
                  parser.parse(frame);
                } catch (EslProtocolException expected) {
                  // malformed event bodies are reported, never thrown as anything else
                }
              }
            });
    try {
      while (data.remainingBytes() > 0) {
        byte[] chunk = data.consumeBytes(data.consumeInt(1, 512));
        decoder.feed(chunk, 0, chunk.length);
        if (decoder.buffered() > MAX_HEADER + MAX_CONTENT + 512) {
          throw new IllegalStateException(
              "decoder holds " + decoder.buffered() + " bytes, beyond its bound");
        }
      }
    } catch (EslProtocolException expected) {
      // the connection would be closed: that is the correct outcome for bad bytes
    }
  }
}
