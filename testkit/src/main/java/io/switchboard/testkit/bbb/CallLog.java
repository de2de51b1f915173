package io.switchboard.testkit.bbb;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent calls a simulator received, bounded so a long load run cannot exhaust memory. */
final class CallLog {
  private final int capacity;
  private final ArrayDeque<BbbReceivedCall> calls = new ArrayDeque<>();

  CallLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(BbbReceivedCall call) {
    if (capacity == 0) {
      return;
    }
    if (calls.size() == capacity) {
      calls.removeFirst();
    }
    calls.addLast(call);
  }

  synchronized List<BbbReceivedCall> all() {
    return List.copyOf(calls);
  }

  synchronized void clear() {
    calls.clear();
  }
}
