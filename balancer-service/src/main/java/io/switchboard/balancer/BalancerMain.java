package io.switchboard.balancer;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.service.ServiceRuntime;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar balancer-service.jar [--config FILE]}; see docs/balancer.md for the settings. */
public final class BalancerMain {
  private static final Logger LOG = LoggerFactory.getLogger(BalancerMain.class);

  private BalancerMain() { }

  public static void main(String[] args) {
    BalancerConfig config;
    try {
      config = BalancerConfig.from(Config.forProcess(args, BalancerConfig.DEFAULTS));
    } catch (ConfigException e) {
      System.err.println("balancer-service: " + e.getMessage());
      System.exit(2);
      return;
    }
    ServiceRuntime runtime = ServiceRuntime.create("balancer-service");
    try {
      Balancer balancer = Balancer.start(runtime, config).toCompletionStage().toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        balancer.close();
        runtime.close();
      }, "balancer-shutdown"));
    } catch (Exception e) {
      LOG.error("balancer-service could not start: {}", e.getMessage(), e);
      runtime.close();
      System.exit(1);
    }
  }
}
