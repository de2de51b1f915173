package io.switchboard.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionEpochsTest {
  @Test
  void epochsKeepRisingAcrossReopeningEvenWhenTheFileIsAheadOfTheClock(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("epoch");
    long ahead = System.currentTimeMillis() + 1_000_000_000L;
    Files.writeString(file, ahead + "\n");
    assertEquals(ahead + 1, ConnectionEpochs.open(file).next());
    ConnectionEpochs reopened = ConnectionEpochs.open(file);
    assertEquals(ahead + 2, reopened.next());
    assertEquals(ahead + 3, reopened.next());
    assertEquals(
        Long.toString(ahead + 3),
        Files.readString(file).trim(),
        "the last epoch handed out is on disk");
  }
}
