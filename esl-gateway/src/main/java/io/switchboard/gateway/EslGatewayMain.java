package io.switchboard.gateway;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.service.ServiceRuntime;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar esl-gateway.jar [--config FILE]}; see docs/operations.md for the settings. */
public final class EslGatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(EslGatewayMain.class);

  private EslGatewayMain() { }

  public static void main(String[] args) throws Exception {
    GatewayConfig config;
    try {
      config = GatewayConfig.from(Config.forProcess(args, GatewayConfig.DEFAULTS));
    } catch (ConfigException e) {
      System.err.println("esl-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    try {
      EslGateway gateway = EslGateway.start(runtime, config,
              () -> GatewayConfig.from(Config.forProcess(args, GatewayConfig.DEFAULTS)).sockets())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        gateway.close();
        runtime.close();
      }, "esl-gateway-shutdown"));
    } catch (Exception e) {
      LOG.error("esl-gateway could not start: {}", e.getMessage(), e);
      runtime.close();
      System.exit(1);
    }
  }
}
