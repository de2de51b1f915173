package io.switchboard.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  @Test
  void numbersAreWrittenAsTheirDecimalDigitsWithoutAString() {
    LongStream edges =
        LongStream.of(0, 1, 9, 10, 99, 100, 1_700_000_000_123L, Long.MAX_VALUE, -1, Long.MIN_VALUE);
    LongStream randoms = new Random(3).longs(1000);
    LongStream.concat(edges, randoms)
        .forEach(
            n ->
                assertEquals(
                    Long.toString(n),
                    new String(
                            new JsonOut(1).raw('[').number(n).raw(']').toByteArray(),
                            StandardCharsets.US_ASCII)
                        .replaceAll("^\\[|]$", "")));
  }
}
