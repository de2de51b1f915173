package io.switchboard.testkit.freeswitch;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link FreeSwitchSimulator} presents itself.
 *
 * @param host listening address (mod_event_socket's listen-ip)
 * @param port listening port, 0 for an ephemeral one
 * @param password the event socket password (FreeSWITCH's default is ClueCon)
 * @param users userauth credentials: "user@domain" to password
 * @param hostname FreeSWITCH-Hostname and FreeSWITCH-Switchname
 * @param ipv4 FreeSWITCH-IPv4
 * @param version what {@code version} and HEARTBEAT report
 * @param configurationDir the XML configuration folder (sip_profiles/...); null for none
 * @param heartbeatInterval HEARTBEAT period (FreeSWITCH's default is 20 s); zero disables
 * @param authTimeout how long a new connection may take to authenticate (25 s in listener_run)
 * @param vertx the Vert.x instance to run on; null to create (and later close) one
 * @param sofiaTick how often mod_sofia checks its gateways, and so the length of one of its seconds
 *     (retry-seconds, timeout-seconds, expiry); FreeSWITCH's is 1 s
 */
public record SimulatorOptions(
    String host,
    int port,
    String password,
    Map<String, String> users,
    String hostname,
    String ipv4,
    String version,
    Path configurationDir,
    Duration heartbeatInterval,
    Duration authTimeout,
    Vertx vertx,
    Duration sofiaTick) {

  public static SimulatorOptions defaults() {
    return new SimulatorOptions(
        "127.0.0.1",
        0,
        "ClueCon",
        Map.of(),
        "fs-sim",
        "127.0.0.1",
        "1.10.12-release~64bit",
        null,
        Duration.ofSeconds(20),
        Duration.ofSeconds(25),
        null,
        Duration.ofSeconds(1));
  }

  public SimulatorOptions withPort(int newPort) {
    return new SimulatorOptions(
        host,
        newPort,
        password,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withPassword(String newPassword) {
    return new SimulatorOptions(
        host,
        port,
        newPassword,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withUsers(Map<String, String> newUsers) {
    return new SimulatorOptions(
        host,
        port,
        password,
        Map.copyOf(newUsers),
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withHostname(String newHostname) {
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        newHostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withConfigurationDir(Path dir) {
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        hostname,
        ipv4,
        version,
        dir,
        heartbeatInterval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withHeartbeatInterval(Duration interval) {
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        interval,
        authTimeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withAuthTimeout(Duration timeout) {
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        timeout,
        vertx,
        sofiaTick);
  }

  public SimulatorOptions withVertx(Vertx newVertx) {
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        newVertx,
        sofiaTick);
  }

  /** A faster sofia clock for tests; the default is FreeSWITCH's pace. */
  public SimulatorOptions withSofiaTick(Duration tick) {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("sofiaTick must be positive, was " + tick);
    }
    return new SimulatorOptions(
        host,
        port,
        password,
        users,
        hostname,
        ipv4,
        version,
        configurationDir,
        heartbeatInterval,
        authTimeout,
        vertx,
        tick);
  }
}
