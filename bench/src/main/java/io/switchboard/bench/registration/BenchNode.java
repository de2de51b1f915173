package io.switchboard.bench.registration;

import io.switchboard.bench.gateway.BenchGateway;
import io.switchboard.gateway.EslGateway;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One BBB node: a simulated FreeSWITCH with BBB's external profile (gateways in {@code
 * sip_profiles/external/*.xml}) and its esl-gateway, in this process on its own runtime, with file
 * commands on as the registration service needs them.
 */
record BenchNode(String id, FreeSwitchSimulator fs, ServiceRuntime runtime, EslGateway gateway)
    implements AutoCloseable {

  static BenchNode start(String id, String bootstrap, Path dir, SimulatorOptions options)
      throws Exception {
    Path conf = Files.createDirectories(dir.resolve(id).resolve("conf"));
    FreeSwitchSimulator fs = FreeSwitchSimulator.start(options.withConfigurationDir(conf));
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    EslGateway gateway =
        BenchGateway.start(
            runtime,
            fs,
            bootstrap,
            id,
            dir.resolve(id),
            Map.of(
                "FS_CONF_DIR", conf.toString(),
                "FS_FILE_COMMANDS", "on",
                "COMMAND_SEAL_KEY", RegistrationLoadRun.SEAL_KEY,
                "MANAGEMENT_PORT", "0",
                "TOPIC_PARTITIONS", "3"));
    return new BenchNode(id, fs, runtime, gateway);
  }

  @Override
  public void close() {
    gateway.close();
    runtime.close();
    fs.close();
  }
}
