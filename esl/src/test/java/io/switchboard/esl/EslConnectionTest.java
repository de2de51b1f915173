package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.MalformedFrame;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbound client against the FreeSWITCH simulator, over real sockets. */
class EslConnectionTest {
  private Vertx vertx;
  private FreeSwitchSimulator fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fs =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults()
                .withHeartbeatInterval(Duration.ZERO)
                .withUsers(Map.of("monitor@fs-sim", "m0n")));
  }

  @AfterEach
  void stop() throws Exception {
    fs.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private EslConnection connect(EslClientOptions options) throws Exception {
    return await(EslConnection.connect(vertx, EslUrl.parse(fs.eslUrl()), options));
  }

  private EslConnection connect() throws Exception {
    return connect(EslClientOptions.defaults());
  }

  @Test
  void authenticatesAndRunsApiCommands() throws Exception {
    EslConnection esl = connect();
    EslReply status = await(esl.api("status"));
    assertTrue(status.text().startsWith("UP "), status.text());
    EslReply missing = await(esl.api("no_such_api"));
    assertFalse(missing.ok());
    assertEquals("-ERR no_such_api Command not found!\n", missing.text());
  }

  @Test
  void userauthWithAUserInTheUrl() throws Exception {
    EslConnection esl =
        await(
            EslConnection.connect(
                vertx,
                EslUrl.parse("fs://monitor@fs-sim:m0n@127.0.0.1:" + fs.port()),
                EslClientOptions.defaults()));
    assertTrue(await(esl.api("version")).text().startsWith("FreeSWITCH Version"));
  }

  @Test
  void aWrongPasswordFailsTheConnectWithAClearMessage() {
    EslException e =
        assertThrows(
            EslException.class,
            () ->
                await(
                    EslConnection.connect(
                        vertx,
                        EslUrl.parse("fs://:wrong@127.0.0.1:" + fs.port()),
                        EslClientOptions.defaults())));
    assertTrue(
        e.getMessage()
            .contains("authentication to 127.0.0.1:" + fs.port() + " failed: -ERR invalid"),
        e.getMessage());
    assertFalse(e.getMessage().contains("wrong"), "the password never appears in an error");
  }

  @Test
  void nothingListeningIsAClearError() {
    EslException e =
        assertThrows(
            EslException.class,
            () ->
                await(
                    EslConnection.connect(
                        vertx, EslUrl.parse("fs://:pw@127.0.0.1:1"), EslClientOptions.defaults())));
    assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:1"), e.getMessage());
  }

  @Test
  void subscribedEventsArriveInEveryFormatWhileCommandsAreOutstanding() throws Exception {
    for (EventFormat format : EventFormat.values()) {
      EslConnection esl = connect();
      List<EslEvent> events = new CopyOnWriteArrayList<>();
      esl.eventHandler(events::add);
      await(esl.subscribe(format, List.of("conference::maintenance", "HEARTBEAT")));
      assertEquals(List.of("conference::maintenance", "HEARTBEAT"), esl.subscriptions());
      int member = fs.addMember("3500-" + format, "Zoë", "1001");
      Future<EslReply> pending = esl.api("conference list");
      fs.removeMember("3500-" + format, member);
      assertTrue(await(pending).text().contains("3500-" + format) || await(pending).ok());
      waitFor(() -> events.size() >= 6);
      // The member takes the floor on joining and drops it on leaving, as mod_conference does.
      assertEquals(
          List.of(
              "conference-create",
              "add-member",
              "floor-change",
              "floor-change",
              "del-member",
              "conference-destroy"),
          events.stream().map(e -> e.header("Action")).toList(),
          format.name());
      EslEvent add = events.get(1);
      assertEquals("CUSTOM", add.name());
      assertEquals("conference::maintenance", add.subclass());
      assertEquals("Zoë", add.header("Caller-Caller-ID-Name"));
      assertEquals("1001", add.header("Caller-Caller-ID-Number"));
      esl.close();
    }
  }

  @Test
  void bgapiCompletesWithTheBackgroundJobBody() throws Exception {
    EslConnection esl = connect();
    EslException notSubscribed =
        assertThrows(EslException.class, () -> await(esl.bgapi("version")));
    assertTrue(notSubscribed.getMessage().contains("BACKGROUND_JOB"));
    List<EslEvent> events = new CopyOnWriteArrayList<>();
    esl.eventHandler(events::add);
    await(esl.subscribe(EventFormat.PLAIN, List.of("BACKGROUND_JOB")));
    EslReply result = await(esl.bgapi("version"));
    assertTrue(result.text().startsWith("FreeSWITCH Version"), result.text());
    EslReply failed = await(esl.bgapi("nope arg"));
    assertEquals("-ERR nope Command not found!\n", failed.text());
    assertFalse(failed.ok());
    waitFor(() -> events.size() == 2);
    assertEquals("nope", events.get(1).header("Job-Command"));
    assertEquals("arg", events.get(1).header("Job-Command-Arg"));
  }

  @Test
  void manyCommandsInFlightGetTheirOwnReplies() throws Exception {
    EslConnection esl = connect();
    await(esl.subscribe(EventFormat.JSON, List.of("BACKGROUND_JOB")));
    List<Future<EslReply>> replies = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replies.add(i % 2 == 0 ? esl.api("global_getvar hostname") : esl.bgapi("conference list"));
    }
    for (int i = 0; i < 50; i++) {
      String text = await(replies.get(i)).text();
      assertEquals(i % 2 == 0 ? "fs-sim" : "+OK No active conferences.\n", text, "reply " + i);
    }
  }

  @Test
  void refusedSubscriptionsFailAndFiltersWork() throws Exception {
    EslConnection esl = connect();
    EslException refused =
        assertThrows(
            EslException.class,
            () -> await(esl.subscribe(EventFormat.PLAIN, List.of("NOT_AN_EVENT"))));
    assertTrue(refused.getMessage().contains("-ERR no keywords supplied"), refused.getMessage());
    List<EslEvent> events = new CopyOnWriteArrayList<>();
    esl.eventHandler(events::add);
    await(esl.subscribe(EventFormat.PLAIN, List.of("conference::maintenance")));
    await(esl.filter("Conference-Name", "keep"));
    fs.createConference("drop");
    fs.createConference("keep");
    waitFor(() -> !events.isEmpty());
    Thread.sleep(200);
    assertEquals(List.of("keep"), events.stream().map(e -> e.header("Conference-Name")).toList());
    await(esl.unsubscribe(List.of("conference::maintenance")));
    await(esl.noevents());
    assertEquals(List.of(), esl.subscriptions());
  }

  @Test
  void exitEndsWithFreeSwitchsNotice() throws Exception {
    EslConnection esl = connect();
    EslConnection.Closed closed = await(esl.exit());
    assertEquals(
        "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n", closed.notice());
    assertFalse(esl.isOpen());
  }

  @Test
  void aLostEventsKillIsReportedWithItsNotice() throws Exception {
    EslConnection esl = connect();
    fs.killListenersWithLostEvents();
    EslConnection.Closed closed = await(esl.closed());
    assertEquals("killed listener because of lost events\n", closed.notice());
  }

  @Test
  void aDroppedConnectionFailsOutstandingCommands() throws Exception {
    EslConnection esl = connect();
    fs.freeze();
    Future<EslReply> pending = esl.api("status");
    fs.dropConnections();
    EslException e = assertThrows(EslException.class, () -> await(pending));
    assertTrue(e.getMessage().contains("ended"), e.getMessage());
    assertNotNull(await(esl.closed()).reason());
  }

  @Test
  void aMissingReplyTimesOutAndClosesTheConnection() throws Exception {
    EslConnection esl =
        connect(EslClientOptions.defaults().withCommandTimeout(Duration.ofMillis(300)));
    fs.freeze();
    EslException e = assertThrows(EslException.class, () -> await(esl.api("status")));
    assertTrue(e.getMessage().contains("no reply to 'api status' within 300 ms"), e.getMessage());
    await(esl.closed());
    fs.thaw();
  }

  @Test
  void malformedFramesCloseTheConnectionAndNothingElse() throws Exception {
    for (MalformedFrame frame : MalformedFrame.values()) {
      EslConnection esl = connect();
      fs.sendMalformedFrame(frame);
      EslConnection.Closed closed = await(esl.closed());
      assertTrue(closed.reason().startsWith("protocol error"), frame + ": " + closed.reason());
    }
    EslConnection healthy = connect();
    assertTrue(await(healthy.api("version")).ok());
  }

  @Test
  void commandsCannotSmuggleLineBreaks() throws Exception {
    EslConnection esl = connect();
    assertThrows(
        IllegalArgumentException.class, () -> await(esl.api("status\n\napi system rm -rf /")));
    assertTrue(fs.commandLog().stream().noneMatch(c -> c.contains("system")));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
