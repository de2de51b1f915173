package io.switchboard.bench.gateway;

import io.switchboard.config.Config;
import io.switchboard.gateway.EslGateway;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The gateway the load runs measure: in this process, on its defaults, beside the simulator. */
public final class BenchGateway {
  private BenchGateway() {}

  /** Started and connected to {@code fs}; its spool and journal live under {@code dir}/gateway. */
  static EslGateway start(
      ServiceRuntime runtime, FreeSwitchSimulator fs, String bootstrap, String node, Path dir)
      throws Exception {
    return start(runtime, fs, bootstrap, node, dir, Map.of());
  }

  /** As {@link #start}, with {@code extra} settings (e.g. file commands on) over the defaults. */
  public static EslGateway start(
      ServiceRuntime runtime,
      FreeSwitchSimulator fs,
      String bootstrap,
      String node,
      Path dir,
      Map<String, String> extra)
      throws Exception {
    Map<String, String> settings = new HashMap<>(extra);
    settings.putAll(
        Map.of(
            "NODE_ID",
            node,
            "ESL_URL",
            fs.eslUrl(),
            "KAFKA_BOOTSTRAP_SERVERS",
            bootstrap,
            "HTTP_PORT",
            "0",
            "DATA_DIR",
            dir.resolve("gateway").toString(),
            "ADMIN_TOKEN",
            "bench"));
    EslGateway gateway =
        EslGateway.start(runtime, GatewayConfig.from(Config.of(settings)), List::of)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    awaitConnected(gateway);
    return gateway;
  }

  /** Also after a rate the gateway did not keep up with: FreeSWITCH then drops the listener. */
  static void awaitConnected(EslGateway gateway) {
    Await.until(
        () -> gateway.sockets().all().get(0).connected(), "the gateway connected to the simulator");
  }
}
