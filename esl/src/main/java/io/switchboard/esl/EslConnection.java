package io.switchboard.esl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inbound event-socket connection to FreeSWITCH (mod_event_socket), authenticated and ready.
 *
 * <p>FreeSWITCH answers commands strictly in order, one reply each ({@code command/reply}, or
 * {@code api/response} for {@code api}), while events may arrive between them; replies are matched
 * to a FIFO of outstanding commands. {@link #bgapi} sends its own {@code Job-UUID} header
 * (mod_event_socket.c honours it) so the job is registered before FreeSWITCH can possibly report
 * it, and completes with the body of the matching BACKGROUND_JOB event.
 *
 * <p>All state lives on one Vert.x context; methods may be called from any thread. The socket is
 * always read: events are handed to the event handler as they are decoded and never queued here.
 */
public final class EslConnection {
  private static final Logger LOG = LoggerFactory.getLogger(EslConnection.class);

  /** Why a connection ended: {@code notice} is FreeSWITCH's disconnect-notice text, if one came. */
  public record Closed(String reason, String notice, Throwable cause) {}

  private record Pending(String description, Promise<EslReply> promise, long timer) {}

  private final Vertx vertx;
  private final Context context;
  private final NetClient client;
  private final NetSocket socket;
  private final EslUrl url;
  private final EslClientOptions options;
  private final EslFrameDecoder decoder;
  private final EslEventParser parser = new EslEventParser();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Map<String, Promise<EslReply>> jobs = new HashMap<>();
  private final Map<String, Long> jobTimers = new HashMap<>();
  private final Set<String> subscriptions = new CopyOnWriteArraySet<>();
  private final Promise<Closed> closed = Promise.promise();
  private final Promise<EslConnection> ready = Promise.promise();
  private Handler<EslEvent> eventHandler = e -> {};
  private Handler<EslFrame> logHandler = f -> {};
  private String notice;
  private boolean authenticated;

  private EslConnection(
      Vertx vertx,
      Context context,
      NetClient client,
      NetSocket socket,
      EslUrl url,
      EslClientOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.socket = socket;
    this.url = url;
    this.options = options;
    this.decoder =
        new EslFrameDecoder(options.maxHeaderBytes(), options.maxContentLength(), this::dispatch);
  }

  /**
   * Connects and authenticates ({@code auth}, or {@code userauth} when the URL has a user).
   * Subscriptions in the URL are not made here: call {@link #subscribe} (the caller decides the
   * format and whether a refused subscription is fatal).
   */
  public static Future<EslConnection> connect(Vertx vertx, EslUrl url, EslClientOptions options) {
    Context context = vertx.getOrCreateContext();
    Promise<EslConnection> result = Promise.promise();
    context.runOnContext(
        v -> {
          NetClient client =
              vertx.createNetClient(
                  new NetClientOptions()
                      .setConnectTimeout((int) options.connectTimeout().toMillis())
                      .setTcpNoDelay(true)
                      .setTcpKeepAlive(true));
          client
              .connect(url.port(), url.host())
              .onComplete(
                  ar -> {
                    if (ar.failed()) {
                      client.close();
                      result.fail(
                          new EslException(
                              "cannot connect to " + url.address() + ": " + ar.cause().getMessage(),
                              ar.cause()));
                      return;
                    }
                    EslConnection connection =
                        new EslConnection(vertx, context, client, ar.result(), url, options);
                    connection.start();
                    long timer =
                        vertx.setTimer(
                            options.connectTimeout().toMillis(),
                            t ->
                                connection.ready.tryFail(
                                    new EslException(
                                        "no authentication answer from "
                                            + url.address()
                                            + " within "
                                            + options.connectTimeout().toMillis()
                                            + " ms")));
                    connection
                        .ready
                        .future()
                        .onComplete(
                            done -> {
                              vertx.cancelTimer(timer);
                              if (done.failed()) {
                                connection.close(done.cause().getMessage());
                              }
                            });
                    connection.ready.future().onComplete(result);
                  });
        });
    return result.future();
  }

  private void start() {
    socket.handler(this::onData);
    socket.exceptionHandler(e -> end("socket error: " + e.getMessage(), e));
    socket.closeHandler(
        v -> end(notice != null ? "FreeSWITCH disconnected" : "connection closed by peer", null));
  }

  private void onData(Buffer data) {
    try {
      decoder.feed(data);
    } catch (EslProtocolException | ProtocolViolation e) {
      LOG.warn("protocol error from {}: {}", url.address(), e.getMessage());
      close("protocol error: " + e.getMessage(), e);
    }
  }

  private void dispatch(EslFrame frame) {
    String type = frame.contentType();
    if (type == null) {
      throw new ProtocolViolation("frame without Content-Type");
    }
    switch (type) {
      case "auth/request" -> authenticate();
      case "command/reply" -> reply(new EslReply(frame.header("Reply-Text"), frame));
      case "api/response" -> reply(new EslReply(frame.bodyText(), frame));
      case EslEventParser.PLAIN, EslEventParser.JSON, EslEventParser.XML -> event(frame);
      case "log/data" -> logHandler.handle(frame);
      case "text/disconnect-notice" -> notice = frame.bodyText();
      case "text/rude-rejection" -> {
        notice = frame.bodyText();
        ready.tryFail(
            new EslException(
                "FreeSWITCH at "
                    + url.address()
                    + " refused the connection (ACL): "
                    + (notice == null ? "" : notice.trim())));
      }
      default -> LOG.debug("ignoring frame of type {} from {}", type, url.address());
    }
  }

  private void authenticate() {
    if (authenticated) {
      return;
    }
    String line =
        url.user() == null
            ? "auth " + url.password()
            : "userauth " + url.user() + ":" + url.password();
    write(line, Map.of(), url.user() == null ? "auth ***" : "userauth " + url.user() + ":***")
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ready.tryFail(ar.cause());
              } else if (!ar.result().ok()) {
                ready.tryFail(
                    new EslException(
                        "authentication to " + url.address() + " failed: " + ar.result().text()));
              } else {
                authenticated = true;
                ready.tryComplete(this);
              }
            });
  }

  private void reply(EslReply reply) {
    Pending head = pending.poll();
    if (head == null) {
      throw new ProtocolViolation("reply without an outstanding command: " + reply.text());
    }
    vertx.cancelTimer(head.timer());
    head.promise().complete(reply);
  }

  private void event(EslFrame frame) {
    EslEvent event;
    try {
      event = parser.parse(frame);
    } catch (EslProtocolException e) {
      throw new ProtocolViolation(e.getMessage());
    }
    if ("BACKGROUND_JOB".equals(event.name())) {
      String job = event.header("Job-UUID");
      Promise<EslReply> promise = job == null ? null : jobs.remove(job);
      if (promise != null) {
        Long timer = jobTimers.remove(job);
        if (timer != null) {
          vertx.cancelTimer(timer);
        }
        promise.complete(new EslReply(event.body(), frame));
      }
    }
    try {
      eventHandler.handle(event);
    } catch (RuntimeException e) {
      // A bug in one consumer of events must not take the connection down with it.
      LOG.error("event handler failed on {} from {}", event, url.address(), e);
    }
  }

  /** Sends one command line (plus optional headers) and completes with FreeSWITCH's reply. */
  public Future<EslReply> command(String line, Map<String, String> headers) {
    return onContext(() -> write(line, headers, line));
  }

  public Future<EslReply> command(String line) {
    return command(line, Map.of());
  }

  /** {@code api <cmd>}: runs in FreeSWITCH's listener thread; completes with the response body. */
  public Future<EslReply> api(String cmd) {
    return command("api " + cmd);
  }

  /**
   * {@code bgapi <cmd>}: FreeSWITCH runs it in a thread of its own and reports the result as a
   * BACKGROUND_JOB event; completes with that event's body. Needs a BACKGROUND_JOB (or ALL)
   * subscription on this connection, or the result could never arrive.
   */
  public Future<EslReply> bgapi(String cmd) {
    return onContext(
        () -> {
          if (!subscriptions.contains("BACKGROUND_JOB") && !subscriptions.contains("ALL")) {
            return Future.failedFuture(
                new EslException("bgapi needs a BACKGROUND_JOB subscription on " + url.address()));
          }
          checkOneLine(cmd, "command");
          String job = UUID.randomUUID().toString();
          Promise<EslReply> result = Promise.promise();
          jobs.put(job, result);
          jobTimers.put(
              job,
              vertx.setTimer(
                  options.jobTimeout().toMillis(),
                  t -> {
                    jobTimers.remove(job);
                    Promise<EslReply> expired = jobs.remove(job);
                    if (expired != null) {
                      expired.fail(
                          new EslException(
                              "bgapi job '"
                                  + cmd
                                  + "' sent no result within "
                                  + options.jobTimeout().toMillis()
                                  + " ms"));
                    }
                  }));
          write("bgapi " + cmd, Map.of("Job-UUID", job), "bgapi " + cmd)
              .onComplete(
                  ar -> {
                    if (ar.failed() || !ar.result().ok()) {
                      jobs.remove(job);
                      Long timer = jobTimers.remove(job);
                      if (timer != null) {
                        vertx.cancelTimer(timer);
                      }
                      result.tryFail(
                          ar.failed()
                              ? ar.cause()
                              : new EslException("bgapi refused: " + ar.result().text()));
                    }
                  });
          return result.future();
        });
  }

  /**
   * {@code event <format> <names>}; fails on {@code -ERR}. Subclasses are names with {@code ::}.
   */
  public Future<EslReply> subscribe(EventFormat format, Collection<String> names) {
    String words = EventNames.words(names);
    // Replies complete on this connection's context, so the set is only touched there.
    return expectOk(command("event " + format.keyword() + " " + words))
        .onSuccess(r -> names.forEach(n -> subscriptions.add(n.trim())));
  }

  /** {@code nixevent <names>}; fails on {@code -ERR}. */
  public Future<EslReply> unsubscribe(Collection<String> names) {
    return expectOk(command("nixevent " + EventNames.words(names)))
        .onSuccess(r -> names.forEach(n -> subscriptions.remove(n.trim())));
  }

  /** {@code noevents}: drops every subscription. */
  public Future<EslReply> noevents() {
    return expectOk(command("noevents")).onSuccess(r -> subscriptions.clear());
  }

  /** {@code filter <header> <value>}: only events with that header value are delivered. */
  public Future<EslReply> filter(String header, String value) {
    return expectOk(command("filter " + header + " " + value));
  }

  public Future<EslReply> filterDelete(String header, String value) {
    return expectOk(command("filter delete " + header + (value == null ? "" : " " + value)));
  }

  /** {@code exit}: FreeSWITCH answers, sends its disconnect notice and closes. */
  public Future<Closed> exit() {
    return command("exit").compose(r -> closed.future());
  }

  /** What this connection is subscribed to, as acknowledged by FreeSWITCH. */
  public List<String> subscriptions() {
    return List.copyOf(subscriptions);
  }

  public EslConnection eventHandler(Handler<EslEvent> handler) {
    this.eventHandler = handler;
    return this;
  }

  public EslConnection logHandler(Handler<EslFrame> handler) {
    this.logHandler = handler;
    return this;
  }

  public Future<Closed> closed() {
    return closed.future();
  }

  public boolean isOpen() {
    return !closed.future().isComplete();
  }

  public EslUrl url() {
    return url;
  }

  public void close() {
    close("closed by client");
  }

  public void close(String reason) {
    close(reason, null);
  }

  private void close(String reason, Throwable cause) {
    context.runOnContext(
        v -> {
          end(reason, cause);
          socket.close();
        });
  }

  private void end(String reason, Throwable cause) {
    if (closed.future().isComplete()) {
      return;
    }
    EslException failure =
        new EslException("connection to " + url.address() + " ended: " + reason, cause);
    ready.tryFail(failure);
    Pending p;
    while ((p = pending.poll()) != null) {
      vertx.cancelTimer(p.timer());
      p.promise().tryFail(failure);
    }
    jobs.values().forEach(job -> job.tryFail(failure));
    jobs.clear();
    jobTimers.values().forEach(vertx::cancelTimer);
    jobTimers.clear();
    closed.complete(new Closed(reason, notice, cause));
    client.close();
  }

  private Future<EslReply> write(String line, Map<String, String> headers, String description) {
    if (!isOpen()) {
      return Future.failedFuture(new EslException("connection to " + url.address() + " is closed"));
    }
    checkOneLine(line, "command");
    StringBuilder frame = new StringBuilder(line.length() + 64).append(line).append('\n');
    headers.forEach(
        (name, value) -> {
          checkOneLine(name, "header name");
          checkOneLine(value, "header value");
          frame.append(name).append(": ").append(value).append('\n');
        });
    frame.append('\n');
    Promise<EslReply> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            options.commandTimeout().toMillis(),
            t -> {
              // A missing reply means every later reply would be matched to the wrong command.
              String message =
                  "no reply to '"
                      + description
                      + "' within "
                      + options.commandTimeout().toMillis()
                      + " ms";
              promise.tryFail(new EslException(message));
              close(message, null);
            });
    pending.add(new Pending(description, promise, timer));
    socket.write(Buffer.buffer(frame.toString()));
    return promise.future();
  }

  private static void checkOneLine(String text, String what) {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      // A line break would end the command early and smuggle in another.
      throw new IllegalArgumentException(what + " must not contain a line break");
    }
  }

  private static Future<EslReply> expectOk(Future<EslReply> reply) {
    return reply.compose(
        r ->
            r.ok()
                ? Future.succeededFuture(r)
                : Future.failedFuture(new EslException("FreeSWITCH refused: " + r.text())));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.get().onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }

  /** Thrown from frame dispatch to abort decoding; turned into a protocol-error close. */
  private static final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
      super(message);
    }
  }
}
