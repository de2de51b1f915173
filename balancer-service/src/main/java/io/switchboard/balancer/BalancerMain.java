package io.switchboard.balancer;

import io.switchboard.service.ServiceMain;

/**
 * {@code java -jar balancer-service.jar [--config FILE]}; see docs/balancer.md for the settings.
 */
public final class BalancerMain {
  private BalancerMain() {}

  public static void main(String[] args) {
    ServiceMain.run(
        "balancer-service",
        args,
        BalancerSettings.ALL,
        (runtime, settings) -> new Balancer(runtime, BalancerConfig.from(settings)));
  }
}
