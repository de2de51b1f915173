package io.switchboard.bench.balancer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Drives HTTP GETs from a Vert.x instance of its own: closed loop (a fixed number in flight, for
 * throughput) or open loop (a fixed rate, latency measured from when each request was due, so a
 * stall is not hidden by sending less).
 */
final class LoadClient implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClient http;

  LoadClient(int connections) {
    this.vertx = Vertx.vertx();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1"),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /**
   * One GET to 127.0.0.1:{@code port}; completes with the status code. A network-path reference
   * ({@code //acme.example.test/bigbluebutton/api/...}) names the Host header the request carries,
   * as a tenant's front end would send it, while the connection still goes to the port.
   */
  Future<Integer> get(int port, String uri) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(port);
    if (uri.startsWith("//")) {
      int path = uri.indexOf('/', 2);
      options.setURI(uri.substring(path)).putHeader("Host", uri.substring(2, path));
    } else {
      options.setURI(uri);
    }
    return http.request(options)
        .compose(req -> req.send())
        .compose(res -> res.body().map(body -> res.statusCode()));
  }

  /**
   * {@code inFlight} requests at a time for {@code seconds}; requests whose status is not {@code
   * expected} count as errors.
   */
  Future<Latencies> closedLoop(
      int port, IntFunction<String> uris, int inFlight, double seconds, int expected) {
    Latencies latencies = new Latencies();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong sequence = new AtomicLong();
    Promise<Latencies> done = Promise.promise();
    AtomicLong running = new AtomicLong(inFlight);
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < inFlight; i++) {
            worker(
                port,
                uris,
                end,
                sequence,
                latencies,
                expected,
                () -> {
                  if (running.decrementAndGet() == 0) {
                    done.complete(latencies);
                  }
                });
          }
        });
    return done.future();
  }

  private void worker(
      int port,
      IntFunction<String> uris,
      long end,
      AtomicLong sequence,
      Latencies latencies,
      int expected,
      Runnable finished) {
    if (System.nanoTime() >= end) {
      finished.run();
      return;
    }
    long started = System.nanoTime();
    get(port, uris.apply((int) sequence.getAndIncrement()))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result() == expected) {
                latencies.record(System.nanoTime() - started);
              } else {
                latencies.error();
              }
              worker(port, uris, end, sequence, latencies, expected, finished);
            });
  }

  /** {@code rate} requests a second for {@code seconds}; latency from each request's due time. */
  Future<Latencies> openLoop(
      int port, IntFunction<String> uris, int rate, double seconds, int expected) {
    Latencies latencies = new Latencies();
    long total = (long) (rate * seconds);
    long start = System.nanoTime();
    double interval = 1e9 / rate;
    AtomicLong sent = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    Promise<Latencies> done = Promise.promise();
    vertx.runOnContext(
        v ->
            vertx.setPeriodic(
                1,
                timer -> {
                  long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
                  while (sent.get() < due) {
                    long n = sent.getAndIncrement();
                    long dueAt = start + (long) (n * interval);
                    get(port, uris.apply((int) n))
                        .onComplete(
                            ar -> {
                              if (ar.succeeded() && ar.result() == expected) {
                                latencies.record(System.nanoTime() - dueAt);
                              } else {
                                latencies.error();
                              }
                              if (completed.incrementAndGet() == total) {
                                done.complete(latencies);
                              }
                            });
                  }
                  if (sent.get() >= total) {
                    vertx.cancelTimer(timer);
                  }
                }));
    return done.future();
  }

  /** Runs {@code uris} (count of them) with {@code inFlight} at a time, once each. */
  Future<Latencies> each(int port, List<String> uris, int inFlight, int expected) {
    Latencies latencies = new Latencies();
    AtomicLong next = new AtomicLong();
    AtomicLong running = new AtomicLong(inFlight);
    Promise<Latencies> done = Promise.promise();
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < inFlight; i++) {
            eachWorker(
                port,
                uris,
                next,
                latencies,
                expected,
                () -> {
                  if (running.decrementAndGet() == 0) {
                    done.complete(latencies);
                  }
                });
          }
        });
    return done.future();
  }

  private void eachWorker(
      int port,
      List<String> uris,
      AtomicLong next,
      Latencies latencies,
      int expected,
      Runnable finished) {
    int index = (int) next.getAndIncrement();
    if (index >= uris.size()) {
      finished.run();
      return;
    }
    long started = System.nanoTime();
    get(port, uris.get(index))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result() == expected) {
                latencies.record(System.nanoTime() - started);
              } else {
                latencies.error();
              }
              eachWorker(port, uris, next, latencies, expected, finished);
            });
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
