package io.switchboard.launcher;

import static io.switchboard.launcher.Futures.await;

import io.switchboard.config.Config;
import io.switchboard.gateway.EslGateway;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.service.Closer;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.bbb.BbbSimulatorConfig;
import io.switchboard.testkit.freeswitch.DemoActivity;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BBB node: a simulated FreeSWITCH, the esl-gateway in front of it, and a simulated BBB server
 * whose meetings open and close their voice conferences on that FreeSWITCH.
 */
public final class SimulatedNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedNode.class);

  /** The provisioning context the demo's nodes include in their directory and dialplan. */
  static final String CONTEXT = "demo";

  private final Closer started;
  private final String id;
  private final String bbbId;
  private FreeSwitchSimulator freeswitch;
  private EslGateway gateway;
  private BbbServerSimulator bbb;

  private SimulatedNode(String id, String bbbId) {
    this.id = id;
    this.bbbId = bbbId;
    this.started = new Closer("node " + id);
  }

  /** Node {@code index} (0-based): fs1 and bbb1 for the first. */
  static SimulatedNode start(
      Vertx vertx,
      DemoConfig config,
      DataFolder data,
      Map<String, String> gatewaySettings,
      int index)
      throws Exception {
    SimulatedNode node = new SimulatedNode("fs" + (index + 1), "bbb" + (index + 1));
    try {
      Path dir = data.resolve(node.id);
      Path conf = Files.createDirectories(dir.resolve("freeswitch"));
      installContext(conf);
      node.startFreeSwitch(config, conf, index);
      node.startGateway(config, gatewaySettings, dir, conf, index);
      node.startBbb(vertx, config, data, index);
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  /**
   * What the node's installed configuration holds for the provisioning context (see
   * docs/provisioning.md): the domain and the dialplan context including the managed folders.
   */
  private static void installContext(Path conf) throws IOException {
    Path directory = Files.createDirectories(conf.resolve("directory").resolve(CONTEXT));
    Path dialplan = Files.createDirectories(conf.resolve("dialplan").resolve(CONTEXT));
    String include = "<X-PRE-PROCESS cmd=\"include\" data=\"" + CONTEXT + "/*.xml\"/>";
    writeIfMissing(
        directory.resolveSibling(CONTEXT + ".xml"),
        "<include>\n  <domain name=\""
            + CONTEXT
            + "\">\n    <groups>\n      <group name=\""
            + CONTEXT
            + "\">\n        <users>\n          "
            + include
            + "\n        </users>\n      </group>\n    </groups>\n  </domain>\n</include>\n");
    writeIfMissing(
        dialplan.resolveSibling(CONTEXT + ".xml"),
        "<include>\n  <context name=\""
            + CONTEXT
            + "\">\n    "
            + include
            + "\n  </context>\n</include>\n");
  }

  private static void writeIfMissing(Path file, String content) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(file, content);
    }
  }

  private void startFreeSwitch(DemoConfig config, Path conf, int index) {
    freeswitch =
        started.add(
            FreeSwitchSimulator.start(
                SimulatorOptions.defaults()
                    .withPort(config.port("DEMO_ESL_PORT", index))
                    .withHostname(id)
                    .withConfigurationDir(conf)));
    if (config.activity()) {
      started.add(DemoActivity.start(freeswitch));
    }
  }

  private void startGateway(
      DemoConfig config, Map<String, String> common, Path dir, Path conf, int index)
      throws Exception {
    Map<String, String> settings = new HashMap<>(common);
    settings.putAll(
        Map.of(
            "NODE_ID", id,
            "ESL_URL", freeswitch.eslUrl(),
            "HTTP_PORT", Integer.toString(config.port("DEMO_GATEWAY_HTTP_PORT", index)),
            "MANAGEMENT_PORT", Integer.toString(config.port("DEMO_GATEWAY_MANAGEMENT_PORT", index)),
            "FS_CONF_DIR", conf.toString(),
            "FS_FILE_COMMANDS", "on",
            "FS_FILE_FOLDERS",
                "sip_profiles/external,directory/" + CONTEXT + ",dialplan/" + CONTEXT,
            "DATA_DIR", dir.resolve("esl-gateway").toString()));
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    started.add(runtime::close);
    GatewayConfig gatewayConfig = GatewayConfig.from(Config.of(settings));
    gateway = await(EslGateway.start(runtime, gatewayConfig, gatewayConfig::sockets));
    started.add(gateway::close);
  }

  private void startBbb(Vertx vertx, DemoConfig config, DataFolder data, int index)
      throws Exception {
    BbbServerSimulator server =
        new BbbServerSimulator(
            vertx,
            BbbSimulatorConfig.builder(data.hexSecret(bbbId + "-secret"))
                .serverId(bbbId)
                .port(config.port("DEMO_BBB_PORT", index))
                .build());
    await(server.start());
    started.add(() -> await(server.stop()));
    // BBB's FreeSWITCH is the node's: a meeting's voice conference opens and closes there.
    server.onVoiceConference(
        offTheLoop(vertx, freeswitch::createConference, "opening"),
        offTheLoop(vertx, freeswitch::destroyConference, "closing"));
    bbb = server;
  }

  /**
   * The BBB simulator calls its hooks on its event loop, and driving the FreeSWITCH simulator waits
   * for its answer: the hook runs on a worker instead, in order.
   */
  private static Consumer<String> offTheLoop(Vertx vertx, Consumer<String> hook, String what) {
    return voiceBridge ->
        vertx
            .executeBlocking(
                () -> {
                  hook.accept(voiceBridge);
                  return null;
                })
            .onFailure(
                e ->
                    LOG.warn(
                        "demo: {} voice conference {} failed: {}",
                        what,
                        voiceBridge,
                        e.toString()));
  }

  public String id() {
    return id;
  }

  public FreeSwitchSimulator freeswitch() {
    return freeswitch;
  }

  public EslGateway gateway() {
    return gateway;
  }

  public BbbServerSimulator bbb() {
    return bbb;
  }

  @Override
  public void close() {
    started.close();
  }
}
