package io.switchboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
  @Test
  void closesInReverseOrderAndGoesOnPastAFailure() {
    List<String> closed = new ArrayList<>();
    Closer closer = new Closer("test");
    closer.add(() -> closed.add("first"));
    closer.add(() -> {
      closed.add("second");
      throw new IllegalStateException("broken");
    });
    closer.add(() -> closed.add("third"));
    closer.close();
    assertEquals(List.of("third", "second", "first"), closed);
    closer.close();
    assertEquals(3, closed.size(), "each part is closed once");
  }
}
