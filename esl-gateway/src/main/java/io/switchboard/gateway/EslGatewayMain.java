package io.switchboard.gateway;

import io.switchboard.config.Config;
import io.switchboard.config.Settings;
import io.switchboard.service.ServiceMain;
import java.util.Map;

/** {@code java -jar esl-gateway.jar [--config FILE]}; see docs/operations.md for the settings. */
public final class EslGatewayMain {
  private EslGatewayMain() {}

  public static void main(String[] args) {
    ServiceMain.run(
        "esl-gateway",
        args,
        GatewaySettings.ALL,
        (runtime, settings) ->
            new EslGateway(
                runtime,
                GatewayConfig.from(settings),
                () ->
                    GatewayConfig.from(
                            Settings.read(Config.forProcess(args, Map.of()), GatewaySettings.ALL))
                        .sockets()));
  }
}
