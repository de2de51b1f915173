package io.switchboard.bench.gateway;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.bus.Topics;
import io.switchboard.gateway.EslGateway;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.BulkEmission;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code kill -9} of the gateway loses: the events read from the event socket and not yet in
 * the spool (the queue between the event loop and the spool writer). Offers ~1 KB conference events
 * at each rate for a few seconds and samples that queue's depth every millisecond while they flow;
 * a kill at a random instant loses one such sample (plus up to 1,024 events of the batch the writer
 * is appending, which the samples do not see). {@code java -cp bench/target/bench.jar
 * io.switchboard.bench.gateway.KillNineExposureRun [seconds per rate]}
 */
public final class KillNineExposureRun {
  private static final int[] RATES = {10_000, 50_000, 100_000, 200_000};

  private KillNineExposureRun() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path dir = Files.createTempDirectory("gateway-kill-nine");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedKafka kafka =
            EmbeddedKafka.builder().port(port).dataDirectory(dir.resolve("kafka")).start();
        FreeSwitchSimulator fs = FreeSwitchSimulator.start(SimulatorOptions.defaults())) {
      Topics.ALL.forEach(t -> kafka.createTopic(t.name(), 3, t.compacted()));
      ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
      EslGateway gateway =
          BenchGateway.start(
              runtime,
              fs,
              kafka.bootstrapServers(),
              "bench-" + UUID.randomUUID().toString().substring(0, 6),
              dir);
      Gauge queue = runtime.registry().get("switchboard.gateway.queue.depth").gauge();
      for (int rate : RATES) {
        long[] sorted = queueDepths(fs, queue, rate, seconds);
        int n = sorted.length;
        System.out.printf(
            "offered %,7d/s: queue depth (events a kill -9 would lose) p50 %,d  p99 %,d  max %,d"
                + "  mean %,.0f  (%,d samples), lost by FreeSWITCH so far %,d%n",
            rate,
            sorted[n / 2],
            sorted[n * 99 / 100],
            sorted[n - 1],
            Arrays.stream(sorted).average().orElse(0),
            n,
            fs.lostEvents());
        Await.until(() -> gateway.spooled() == 0, "the spool drained");
      }
      gateway.close();
      runtime.close();
    }
  }

  /**
   * The queue's depth every millisecond while {@code rate} events a second flow for {@code
   * seconds}, sorted.
   */
  private static long[] queueDepths(FreeSwitchSimulator fs, Gauge queue, int rate, int seconds)
      throws Exception {
    CompletableFuture<Long> emitted =
        fs.emit(BulkEmission.conferenceEvents(rate * seconds, 1024, rate));
    long[] samples = new long[rate * seconds];
    int n = 0;
    while (!emitted.isDone() && n < samples.length) {
      samples[n++] = (long) queue.value();
      Thread.sleep(1);
    }
    emitted.get(5L * seconds, TimeUnit.SECONDS);
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    return sorted;
  }
}
