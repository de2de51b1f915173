package io.switchboard.service;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Setting;
import io.switchboard.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from {@code main} to a running service: settings (defaults, {@code --config FILE},
 * environment), Vert.x with metrics, deploy, a shutdown hook that stops the service and Vert.x, and
 * the exit codes: 2 for bad settings (the message names each), 1 for a failed start.
 */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);
  private static final long START_TIMEOUT_SECONDS = 180;

  private ServiceMain() {}

  /** Runs {@code service}; returns once it started (its threads keep the JVM alive). */
  public static void run(
      String service,
      String[] args,
      List<Setting<?>> declared,
      BiFunction<ServiceRuntime, Settings, SwitchboardService> create) {
    Settings settings;
    try {
      settings = Settings.read(Config.forProcess(args, Map.of()), declared);
    } catch (ConfigException e) {
      System.err.println(service + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    ServiceRuntime runtime = ServiceRuntime.create(service);
    try {
      runtime
          .deploy(create.apply(runtime, settings))
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      runtime.closeOnShutdown();
    } catch (Exception e) {
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      LOG.error("{} could not start: {}", service, cause.getMessage(), cause);
      runtime.close();
      System.exit(1);
    }
  }
}
