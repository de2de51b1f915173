package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which steps of a batch run at the same time. Each step here ends only when the test ends it, so
 * what has started at each point is exactly what the schedule let start.
 */
class BatchScheduleTest {
  /**
   * The steps of one batch by name, each ending when the test says so; those named {@code ... under
   * way} say at once that they are, the others only when they end.
   */
  private static final class Steps {
    final BatchSchedule schedule;
    final Map<String, Promise<Void>> ends = new LinkedHashMap<>();
    final List<String> started = new ArrayList<>();

    Steps() {
      this(new StepsUnderWay());
    }

    /** A batch after others whose steps may still run in {@code running}. */
    Steps(StepsUnderWay running) {
      schedule = new BatchSchedule(running);
    }

    BatchSchedule.Run step(String name) {
      return begun -> {
        started.add(name);
        Promise<Void> end = Promise.promise();
        ends.put(name, end);
        if (name.endsWith("under way")) {
          begun.complete();
        }
        return end.future();
      };
    }

    void file(String name, Set<String> files) {
      schedule.addFile(new BatchSchedule.Claim(name, files, Set.of()), step(name));
    }

    void file(String name, BatchSchedule.Claim claim) {
      schedule.addFile(claim, step(name));
    }

    void api(String name) {
      schedule.add(BatchSchedule.Kind.API, step(name));
    }

    Future<Void> run() {
      return schedule.run(Future.succeededFuture());
    }

    void end(String name) {
      ends.get(name).complete();
    }
  }

  @Test
  void fileStepsOnDifferentFilesRunAtTheSameTime() {
    Steps steps = new Steps();
    steps.file("a", Set.of("conf_1.xml"));
    steps.file("b", Set.of("conf_2.xml", "conf_3.xml"));
    Future<Void> done = steps.run();
    assertEquals(List.of("a", "b"), steps.started);
    steps.end("b");
    steps.end("a");
    assertTrue(done.succeeded());
  }

  @Test
  void aFileStepWaitsForARunningOneOnAFileOfTheSameNameAndTheStepsAfterItWaitToo() {
    Steps steps = new Steps();
    steps.file("put", Set.of("conf_1.xml"));
    steps.file("delete", Set.of("conf_1.xml"));
    steps.file("other", Set.of("conf_2.xml"));
    Future<Void> done = steps.run();
    assertEquals(List.of("put"), steps.started, "the delete waits; nothing overtakes it");
    steps.end("put");
    assertEquals(List.of("put", "delete", "other"), steps.started);
    steps.end("delete");
    steps.end("other");
    assertTrue(done.succeeded());
  }

  @Test
  void aFileStepWhoseFilesAreUnknownRunsAlone() {
    Steps steps = new Steps();
    steps.file("a", Set.of("conf_1.xml"));
    steps.file("unknown", (BatchSchedule.Claim) null);
    steps.file("b", Set.of("conf_2.xml"));
    steps.run();
    assertEquals(List.of("a"), steps.started);
    steps.end("a");
    assertEquals(List.of("a", "unknown"), steps.started, "alone: b waits for it");
    steps.end("unknown");
    assertEquals(List.of("a", "unknown", "b"), steps.started);
  }

  @Test
  void atMostMaxFileStepsRunAtOnce() {
    Steps steps = new Steps();
    for (int i = 0; i <= StepsUnderWay.MAX_FILE_STEPS; i++) {
      steps.file("f" + i, Set.of("conf_" + i + ".xml"));
    }
    steps.run();
    assertEquals(StepsUnderWay.MAX_FILE_STEPS, steps.started.size());
    steps.end("f3");
    assertEquals(StepsUnderWay.MAX_FILE_STEPS + 1, steps.started.size());
    assertEquals("f" + StepsUnderWay.MAX_FILE_STEPS, steps.started.get(steps.started.size() - 1));
  }

  @Test
  void anApiStepWaitsForEveryFileStepBeforeIt() {
    Steps steps = new Steps();
    steps.file("a", Set.of("conf_1.xml"));
    steps.file("b", Set.of("conf_2.xml"));
    steps.api("rescan");
    steps.file("c", Set.of("conf_3.xml"));
    Future<Void> done = steps.run();
    assertEquals(List.of("a", "b"), steps.started);
    steps.end("b");
    assertFalse(steps.started.contains("rescan"), "a is still being written");
    steps.end("a");
    // The rescan runs in FreeSWITCH; the file after it need not wait for its end.
    assertEquals(List.of("a", "b", "rescan", "c"), steps.started);
    steps.end("c");
    assertFalse(done.isComplete(), "the rescan has not said it is under way");
    steps.end("rescan");
    assertTrue(done.succeeded());
  }

  @Test
  void aFileNamedAsAFolderOnAnotherStepsPathIsNotWrittenMeanwhile() {
    Steps steps = new Steps();
    // A link to a folder deleted while a file is written through it, and the other way round.
    steps.file("delete link", Set.of("link"));
    steps.file("put below", new BatchSchedule.Claim("put below", Set.of("gw.xml"), Set.of("link")));
    steps.file("other", new BatchSchedule.Claim("other", Set.of("b.xml"), Set.of("link")));
    steps.run();
    assertEquals(List.of("delete link"), steps.started);
    steps.end("delete link");
    assertEquals(List.of("delete link", "put below", "other"), steps.started, "folders are shared");
    Steps reverse = new Steps();
    reverse.file(
        "put below", new BatchSchedule.Claim("put below", Set.of("gw.xml"), Set.of("link")));
    reverse.file("delete link", Set.of("link"));
    reverse.run();
    assertEquals(List.of("put below"), reverse.started);
    reverse.end("put below");
    assertEquals(List.of("put below", "delete link"), reverse.started);
  }

  @Test
  void theSameCommandIdTwiceRunsOnceAtATime() {
    Steps steps = new Steps();
    steps.file("first", new BatchSchedule.Claim("id-1", Set.of("a.xml"), Set.of()));
    steps.file("again", new BatchSchedule.Claim("id-1", Set.of("b.xml"), Set.of()));
    steps.run();
    assertEquals(List.of("first"), steps.started);
    steps.end("first");
    assertEquals(List.of("first", "again"), steps.started);
  }

  @Test
  void afterAFailureNothingMoreStartsAndTheBatchFailsOnceTheRunningStepsEnd() {
    Steps steps = new Steps();
    steps.file("a", Set.of("conf_1.xml"));
    steps.file("b", Set.of("conf_2.xml"));
    steps.file("c", Set.of("conf_1.xml"));
    Future<Void> done = steps.run();
    assertEquals(List.of("a", "b"), steps.started);
    steps.ends.get("a").fail("Kafka did not take the result");
    assertEquals(List.of("a", "b"), steps.started, "c does not start after the failure");
    assertFalse(done.isComplete(), "b is still running");
    steps.end("b");
    assertTrue(done.failed());
    assertEquals("Kafka did not take the result", done.cause().getMessage());
  }

  @Test
  void aBatchIsDoneOnceItsStepsAreUnderWayAndTheNextWaitsOnlyForThoseItCollidesWith() {
    StepsUnderWay running = new StepsUnderWay();
    Steps first = new Steps(running);
    first.file("put under way", Set.of("conf_1.xml"));
    first.file("other under way", Set.of("conf_2.xml"));
    assertTrue(first.run().succeeded(), "committed while the puts are written");
    Steps second = new Steps(running);
    second.file("free", Set.of("conf_3.xml"));
    second.file("delete", Set.of("conf_1.xml"));
    second.file("after it", Set.of("conf_4.xml"));
    Future<Void> done = second.run();
    assertEquals(List.of("free"), second.started, "the delete waits for the put of its file");
    first.end("other under way");
    assertEquals(List.of("free"), second.started);
    first.end("put under way");
    assertEquals(List.of("free", "delete", "after it"), second.started);
    second.end("free");
    second.end("delete");
    second.end("after it");
    assertTrue(done.succeeded());
  }

  @Test
  void anApiStepWaitsForTheFileStepsOfAnEarlierBatchAndTheLimitCountsThemToo() {
    StepsUnderWay running = new StepsUnderWay();
    Steps first = new Steps(running);
    for (int i = 0; i < StepsUnderWay.MAX_FILE_STEPS; i++) {
      first.file("f" + i + " under way", Set.of("conf_" + i + ".xml"));
    }
    assertTrue(first.run().succeeded());
    Steps second = new Steps(running);
    second.file("one more", Set.of("conf_x.xml"));
    second.api("rescan");
    second.run();
    assertEquals(List.of(), second.started, "every file slot is taken by the batch before");
    first.end("f0 under way");
    assertEquals(List.of("one more"), second.started);
    second.end("one more");
    for (int i = 1; i < StepsUnderWay.MAX_FILE_STEPS; i++) {
      assertEquals(List.of("one more"), second.started, "f" + i + " is still being written");
      first.end("f" + i + " under way");
    }
    assertEquals(List.of("one more", "rescan"), second.started);
  }

  @Test
  void aFileStepKeepsItsPlaceBehindAnApiStepWaitingForTheBatchBeforesButNotForItsEnd() {
    StepsUnderWay running = new StepsUnderWay();
    Steps first = new Steps(running);
    first.api("rescan under way");
    assertTrue(first.run().succeeded());
    Steps second = new Steps(running);
    second.api("killgw");
    second.file("put", Set.of("conf_1.xml"));
    Future<Void> done = second.run();
    assertEquals(List.of(), second.started, "FreeSWITCH gets one command at a time, in order");
    first.end("rescan under way");
    assertEquals(List.of("killgw", "put"), second.started, "the put need not wait for killgw");
    second.end("put");
    assertFalse(done.isComplete(), "killgw has not said it is under way");
    second.end("killgw");
    assertTrue(done.succeeded());
  }
}
