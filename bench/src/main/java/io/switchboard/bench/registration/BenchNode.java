package io.switchboard.bench.registration;

import io.switchboard.bench.gateway.BenchGateway;
import io.switchboard.gateway.EslGateway;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One BBB node (also the provisioning load run's): a simulated FreeSWITCH with BBB's external
 * profile (gateways in {@code sip_profiles/external/*.xml}) and its esl-gateway, in this process on
 * its own runtime, with file commands on as the registration service needs them.
 */
public record BenchNode(
    String id, FreeSwitchSimulator fs, ServiceRuntime runtime, EslGateway gateway, Path conf)
    implements AutoCloseable {

  /**
   * A node whose FreeSWITCH configuration folder is under {@code confRoot}, and everything else
   * (the gateway's spool and journal) under {@code dir}.
   */
  static BenchNode start(
      String id, String bootstrap, Path dir, Path confRoot, SimulatorOptions options)
      throws Exception {
    return start(id, bootstrap, dir, confRoot, options, Map.of());
  }

  /** A node with all of its files under {@code dir}, and {@code extra} gateway settings. */
  public static BenchNode start(
      String id, String bootstrap, Path dir, SimulatorOptions options, Map<String, String> extra)
      throws Exception {
    return start(id, bootstrap, dir, dir, options, extra);
  }

  private static BenchNode start(
      String id,
      String bootstrap,
      Path dir,
      Path confRoot,
      SimulatorOptions options,
      Map<String, String> extra)
      throws Exception {
    Path conf = Files.createDirectories(confRoot.resolve(id).resolve("conf"));
    FreeSwitchSimulator fs = FreeSwitchSimulator.start(options.withConfigurationDir(conf));
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    EslGateway gateway =
        BenchGateway.start(runtime, fs, bootstrap, id, dir.resolve(id), settings(conf, extra));
    return new BenchNode(id, fs, runtime, gateway, conf);
  }

  /** Whether FreeSWITCH has one of these gateways, or its external profile a file of one. */
  boolean holdsAny(Set<String> gateways) {
    if (fs.gatewayStates().keySet().stream().anyMatch(gateways::contains)) {
      return true;
    }
    try (Stream<Path> files = Files.list(conf.resolve("sip_profiles/external"))) {
      return files.anyMatch(
          f -> gateways.contains(RegistrationObserver.gatewayOf(f.getFileName().toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> settings(Path conf, Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "FS_CONF_DIR", conf.toString(),
                "FS_FILE_COMMANDS", "on",
                "COMMAND_SEAL_KEY", RegistrationLoadRun.SEAL_KEY,
                "MANAGEMENT_PORT", "0",
                "TOPIC_PARTITIONS", "3"));
    settings.putAll(extra);
    return settings;
  }

  @Override
  public void close() {
    gateway.close();
    runtime.close();
    fs.close();
  }
}
