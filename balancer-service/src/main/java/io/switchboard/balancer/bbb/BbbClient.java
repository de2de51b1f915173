package io.switchboard.balancer.bbb;

import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.balancer.state.Server;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Calls the BBB API of a pool server, signed with that server's own secret. Anything but an HTTP
 * 200 whose body is a BBB {@code <response>} document (refused connection, time-out, an nginx error
 * page, garbage) fails the future with a {@link BbbCallException} naming the server and the reason.
 */
public final class BbbClient implements AutoCloseable {
  /** What the balancer signs with towards its servers: every BBB since 2.6 accepts it. */
  public static final ChecksumAlgorithm BACKEND_CHECKSUM = ChecksumAlgorithm.SHA256;

  /** Answers up to this size (a create's, a meeting's info) are parsed where they arrive. */
  private static final int INLINE_PARSE_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final HttpClient http;
  private final Duration timeout;

  public BbbClient(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setIdleTimeout(60)
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(32));
    this.timeout = timeout;
  }

  /**
   * The URL that calls {@code call} on {@code server} with {@code query} (checksum-free), signed.
   */
  public static String signedUrl(Server server, String call, String query) {
    return server.apiUrl()
        + "/"
        + call
        + "?"
        + ApiChecksum.sign(BACKEND_CHECKSUM, call, query, server.secret());
  }

  /**
   * Ends a meeting on a server, as a move or a panic does; completes either way, since the caller
   * forgets the meeting anyway (a server that does not answer keeps its copy until it expires).
   */
  public Future<Void> endQuietly(Server server, String meetingId) {
    return get(server, "end", "meetingID=" + URLEncoder.encode(meetingId, StandardCharsets.UTF_8))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  public Future<BbbDocument> get(Server server, String call, String query) {
    return send(server, call, query, HttpMethod.GET, null, null);
  }

  /**
   * @param body forwarded as is (a create's pre-upload document, a form), or null
   * @param contentType the body's Content-Type
   */
  public Future<BbbDocument> send(
      Server server,
      String call,
      String query,
      HttpMethod method,
      Buffer body,
      String contentType) {
    return fetch(server, call, query, method, body, contentType)
        .compose(bytes -> parse(server, bytes));
  }

  private Future<BbbDocument> parse(Server server, Buffer bytes) {
    if (bytes.length() <= INLINE_PARSE_BYTES) {
      try {
        return Future.succeededFuture(BbbDocument.parse(server.id(), bytes));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    // A getMeetings or getRecordings answer can be megabytes: building its DOM would stall the
    // event loop every other call waits on. The result comes back on the caller's context.
    return vertx.executeBlocking(() -> BbbDocument.parse(server.id(), bytes), false);
  }

  /**
   * The body of a GET answered with HTTP 200, unparsed (the poller reads big answers as a stream,
   * off the event loop).
   */
  public Future<Buffer> fetch(Server server, String call, String query) {
    return fetch(server, call, query, HttpMethod.GET, null, null);
  }

  private Future<Buffer> fetch(
      Server server,
      String call,
      String query,
      HttpMethod method,
      Buffer body,
      String contentType) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(signedUrl(server, call, query))
            .setIdleTimeout(timeout.toMillis())
            .setFollowRedirects(false);
    if (contentType != null) {
      options.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Content-Type", contentType));
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        bytes -> {
                          if (response.statusCode() != 200) {
                            throw new BbbCallException(
                                server.id(), "answered HTTP " + response.statusCode());
                          }
                          return bytes;
                        }))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof BbbCallException
                        ? e
                        : new BbbCallException(server.id(), describe(e))));
  }

  /**
   * What went wrong, in words that hold no URL: Vert.x's own messages quote the request line, whose
   * query may carry a meeting's passwords, and they would reach logs and clients.
   */
  private String describe(Throwable e) {
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return "did not answer within " + timeout.toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "refused the connection";
    }
    if (e instanceof HttpClosedException) {
      return "closed the connection";
    }
    return "could not be called (" + e.getClass().getSimpleName() + ")";
  }

  @Override
  public void close() {
    http.close();
  }
}
