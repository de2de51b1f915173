package io.switchboard.gateway;

import io.switchboard.bus.Topics;
import io.switchboard.esl.EslClientOptions;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslFrameDecoder;
import io.switchboard.gateway.admin.AdminApi;
import io.switchboard.gateway.command.CommandAllowlist;
import io.switchboard.gateway.command.CommandProcessor;
import io.switchboard.gateway.command.ExecutedCommands;
import io.switchboard.gateway.command.FileOperations;
import io.switchboard.gateway.publish.FsEventWriter;
import io.switchboard.gateway.socket.ConnectionEpochs;
import io.switchboard.gateway.socket.ReconnectPolicy;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.gateway.socket.SocketSupervisor;
import io.switchboard.gateway.spool.DeadLetters;
import io.switchboard.gateway.spool.EventPipeline;
import io.switchboard.gateway.spool.Spool;
import io.switchboard.gateway.state.NodeStatePublisher;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.service.Closer;
import io.switchboard.service.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's gateway, wired: event sockets -> envelope -> spool -> Kafka; fs.commands ->
 * allowlist -> FreeSWITCH or the configuration folder -> fs.command-results; node state to
 * fs.nodes; the admin API, metrics and health on one HTTP port.
 *
 * <p>Start-up does not wait for Kafka: events are spooled from the first second, and topics
 * are created when Kafka answers.
 */
public final class EslGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EslGateway.class);

  private final ServiceRuntime runtime;
  private final GatewayConfig config;
  private final Closer resources = new Closer("esl-gateway");
  private SocketRegistry sockets;
  private EventPipeline pipeline;
  private NodeStatePublisher nodeState;
  private HttpServer http;

  private EslGateway(ServiceRuntime runtime, GatewayConfig config) {
    this.runtime = runtime;
    this.config = config;
  }

  /**
   * Starts a gateway; {@code reloadSource} re-reads the configured sockets for fs_reload.
   */
  public static Future<EslGateway> start(ServiceRuntime runtime, GatewayConfig config,
      Supplier<List<GatewayConfig.Socket>> reloadSource) {
    EslGateway gateway = new EslGateway(runtime, config);
    return gateway.boot(reloadSource).map(v -> gateway)
        .recover(e -> Closer.closeAndFail(runtime.vertx(), gateway, e));
  }

  private Future<Void> boot(Supplier<List<GatewayConfig.Socket>> reloadSource) {
    Vertx vertx = runtime.vertx();
    GatewayMetrics metrics = new GatewayMetrics(runtime.registry());
    return vertx.executeBlocking(() -> {
      Spool spool = Spool.open(config.spoolDir(), config.spoolMaxBytes(), config.spoolSegmentBytes());
      ExecutedCommands executed = ExecutedCommands.open(config.dataDir().resolve("executed-commands.log"));
      Optional<FileOperations> files = config.fsConfDir().isPresent()
          ? Optional.of(new FileOperations(config.fsConfDir().get(), config.fileMaxBytes())) : Optional.empty();
      DeadLetters deadLetters = DeadLetters.open(config.deadLetterDir(), config.deadLetterMaxBytes());
      ConnectionEpochs epochs = ConnectionEpochs.open(config.spoolDir().resolve("epoch"));
      return new Opened(spool, executed, files, deadLetters, epochs);
    }, false).compose(opened -> {
      resources.add(opened.executed());
      pipeline = new EventPipeline(opened.spool(), config.kafka(), "esl-gateway-" + config.nodeId(), metrics,
          config.queueCapacity(), new EventPipeline.Limits(config.kafkaMaxRequestSize(), config.topicMaxMessageBytes(),
              opened.deadLetters()));
      resources.add(pipeline);
      pipeline.start();

      RecordPublisher publisher = new RecordPublisher(config.kafka(), "esl-gateway-" + config.nodeId() + "-results");
      resources.add(publisher);
      KafkaHealth kafka = new KafkaHealth(vertx, config.kafka(), Duration.ofSeconds(5));
      resources.add(kafka);
      ensureTopicsWhenKafkaAnswers(vertx);

      FsEventWriter writer = new FsEventWriter(config.nodeId());
      EslClientOptions eslOptions = new EslClientOptions(Duration.ofSeconds(5), config.commandTimeout(),
          config.jobTimeout(), EslFrameDecoder.DEFAULT_MAX_HEADER_BYTES, EslFrameDecoder.DEFAULT_MAX_CONTENT_LENGTH);
      Runnable changed = () -> {
        if (nodeState != null) {
          nodeState.changed();
        }
      };
      sockets = new SocketRegistry(s -> new SocketSupervisor(vertx, s.id(), s.url(), config.eventFormat(),
          config.events(), eslOptions, config.heartbeatInterval(),
          new ReconnectPolicy(config.reconnectMin(), config.reconnectMax(), config.reconnectResetAfter()),
          opened.epochs(), config.subscriptionRetry(),
          (socket, epoch, seq, event) -> publish(writer, socket, epoch, seq, event), metrics, changed),
          runtime.registry());
      sockets.apply(config.sockets());

      nodeState = new NodeStatePublisher(vertx, config.nodeId(), sockets, publisher, config.nodeStateInterval());
      nodeState.start();

      CommandAllowlist allowlist = CommandAllowlist.of(config.allowlist());
      CommandProcessor commands = new CommandProcessor(vertx, config.nodeId(), allowlist, opened.files(),
          opened.executed(), sockets, publisher, metrics);
      TopicFollower follower = TopicFollower.start(vertx, config.kafka(), TopicFollower.Options.group(
          "esl-gateway-" + config.nodeId() + "-commands", List.of(Topics.COMMANDS),
          "esl-gateway-" + config.nodeId(), "earliest"), commands::handle);
      resources.add(follower);

      runtime.health().register("kafka", kafka::up);
      runtime.health().register("freeswitch", () -> sockets.all().stream().anyMatch(SocketSupervisor::connected));
      Router router = runtime.router();
      new AdminApi(sockets, allowlist, reloadSource, changed).mount(router, config.adminToken());
      return runtime.listen(router, config.httpHost(), config.httpPort());
    }).map(server -> {
      http = server;
      LOG.info("esl-gateway {} started: {} socket(s), spool {}", config.nodeId(), config.sockets().size(), config.spoolDir());
      return null;
    });
  }

  private record Opened(Spool spool, ExecutedCommands executed, Optional<FileOperations> files,
      DeadLetters deadLetters, ConnectionEpochs epochs) { }

  private void publish(FsEventWriter writer, String socket, long epoch, long seq, EslEvent event) {
    String topic = Topics.forEvent(event.name(), event.subclass());
    pipeline.offer(topic, config.nodeId(), writer.write(event, socket, epoch, seq, System.currentTimeMillis()));
  }

  /** Creates missing topics once Kafka answers; until then events wait in the spool. */
  private void ensureTopicsWhenKafkaAnswers(Vertx vertx) {
    TopicAdmin.ensure(vertx, config.kafka(), Topics.ALL, config.topicPartitions(), config.topicReplication())
        .onFailure(e -> {
          LOG.warn("could not check Kafka topics yet ({}); retrying in 5 s", e.getMessage());
          vertx.setTimer(5000, t -> ensureTopicsWhenKafkaAnswers(vertx));
        });
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public SocketRegistry sockets() {
    return sockets;
  }

  public long spooled() {
    return pipeline == null ? 0 : pipeline.pending();
  }

  @Override
  public void close() {
    if (nodeState != null) {
      nodeState.stop();
    }
    if (sockets != null) {
      sockets.stopAll();
    }
    if (http != null) {
      http.close();
    }
    resources.close();
  }
}
