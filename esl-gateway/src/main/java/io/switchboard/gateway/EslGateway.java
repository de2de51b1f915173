package io.switchboard.gateway;

import io.switchboard.bus.Topics;
import io.switchboard.esl.EslClientOptions;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslFrameDecoder;
import io.switchboard.gateway.admin.AdminApi;
import io.switchboard.gateway.command.CommandAllowlist;
import io.switchboard.gateway.command.CommandExecutor;
import io.switchboard.gateway.command.CommandJournal;
import io.switchboard.gateway.command.CommandProcessor;
import io.switchboard.gateway.command.FileOperations;
import io.switchboard.gateway.metrics.GatewayMetrics;
import io.switchboard.gateway.publish.FsEventWriter;
import io.switchboard.gateway.socket.ConfiguredSocket;
import io.switchboard.gateway.socket.ConnectionEpochs;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.gateway.socket.SocketSettings;
import io.switchboard.gateway.socket.SocketSupervisor;
import io.switchboard.gateway.spool.DeadLetters;
import io.switchboard.gateway.spool.EventPipeline;
import io.switchboard.gateway.spool.Spool;
import io.switchboard.gateway.state.NodeStatePublisher;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.kafka.TopicWriter;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.service.ServiceSettings;
import io.switchboard.service.SwitchboardService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's gateway: event sockets -> envelope -> spool -> Kafka; fs.commands -> allowlist ->
 * FreeSWITCH or the configuration folder -> fs.command-results; node state to fs.nodes; the admin
 * API on its port; metrics and health on the management port.
 *
 * <p>Start-up does not wait for Kafka: events are spooled from the first second, and topics are
 * created when Kafka answers.
 */
public final class EslGateway extends SwitchboardService {
  private static final Logger LOG = LoggerFactory.getLogger(EslGateway.class);
  private static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(15);

  private final GatewayConfig config;
  private final ServiceSettings service;
  private final Supplier<List<ConfiguredSocket>> reloadSource;
  private final String clientId;
  private GatewayMetrics metrics;
  private Storage storage;
  private EventPipeline pipeline;
  private RecordPublisher publisher;
  private SocketRegistry sockets;
  private NodeStatePublisher nodeState;
  private CommandAllowlist allowlist;
  private HttpServer http;

  /** What the gateway keeps on disk, opened on a worker. */
  private record Storage(
      Spool spool,
      CommandJournal journal,
      Optional<FileOperations> files,
      DeadLetters deadLetters,
      ConnectionEpochs epochs) {}

  /** {@code reloadSource} re-reads the configured sockets for the admin API's reload. */
  public EslGateway(
      ServiceRuntime runtime, GatewayConfig config, Supplier<List<ConfiguredSocket>> reloadSource) {
    super(runtime, config.service().managementHost(), config.service().managementPort());
    this.config = config;
    this.service = config.service();
    this.reloadSource = reloadSource;
    this.clientId = "esl-gateway-" + config.nodeId();
  }

  /** Deploys a gateway on {@code runtime}; completes once it runs. */
  public static Future<EslGateway> start(
      ServiceRuntime runtime, GatewayConfig config, Supplier<List<ConfiguredSocket>> reloadSource) {
    return runtime.deploy(new EslGateway(runtime, config, reloadSource));
  }

  @Override
  protected List<Step> steps() {
    return List.of(
        new Step("storage", this::openStorage),
        new Step("event pipeline", this::startPipeline),
        new Step("results publisher", this::startPublisher),
        new Step("event sockets", this::connectSockets),
        new Step("commands", this::followCommands),
        new Step("admin port", this::openAdminPort));
  }

  private Future<?> openStorage() {
    metrics = new GatewayMetrics(runtime.registry());
    return vertx
        .executeBlocking(
            () -> {
              Spool spool =
                  Spool.open(config.spoolDir(), config.spoolMaxBytes(), config.spoolSegmentBytes());
              CommandJournal journal =
                  CommandJournal.open(config.dataDir().resolve("executed-commands.log"));
              Optional<FileOperations> files =
                  config.fsConfDir().isPresent() && config.fileCommands()
                      ? Optional.of(
                          new FileOperations(
                              config.fsConfDir().get(),
                              config.fileFolders(),
                              config.fileMaxBytes(),
                              config.filesMaxBytes(),
                              config.filesSpare()))
                      : Optional.empty();
              if (files.isPresent()) {
                LOG.warn(
                    "file commands are on (FS_FILE_COMMANDS): whoever can write to {} can change FreeSWITCH's "
                        + "configuration in {}, which is as strong as root on this node",
                    Topics.COMMANDS,
                    config.fileFolders());
              }
              DeadLetters deadLetters =
                  DeadLetters.open(config.deadLetterDir(), config.deadLetterMaxBytes());
              ConnectionEpochs epochs = ConnectionEpochs.open(config.spoolDir().resolve("epoch"));
              return new Storage(spool, journal, files, deadLetters, epochs);
            },
            false)
        // map, not onSuccess: the next step is composed on what this returns, and a listener
        // added beside it may run after that step has started.
        .map(
            opened -> {
              storage = opened;
              resources.add(opened.journal());
              opened.files().ifPresent(resources::add);
              opened.files().flatMap(FileOperations::spares).ifPresent(metrics::spares);
              return opened;
            });
  }

  private Future<?> startPipeline() {
    pipeline =
        resources.add(
            new EventPipeline(
                storage.spool(),
                service.kafka(),
                clientId,
                metrics,
                config.queueCapacity(),
                new EventPipeline.Limits(
                    config.kafkaMaxRequestSize(),
                    config.topicMaxMessageBytes(),
                    storage.deadLetters())));
    pipeline.start();
    runtime.health().register("event-publisher", () -> pipeline.kafkaHealthy(PUBLISH_PATIENCE));
    return Future.succeededFuture();
  }

  private Future<?> startPublisher() {
    publisher = resources.add(new RecordPublisher(service.kafka(), clientId + "-results"));
    KafkaHealth kafka =
        resources.add(new KafkaHealth(vertx, service.kafka(), Duration.ofSeconds(5)));
    runtime.health().register("kafka", kafka::up);
    runtime.health().register("results-publisher", () -> publisher.healthy(PUBLISH_PATIENCE));
    ensureTopicsWhenKafkaAnswers();
    return Future.succeededFuture();
  }

  private Future<?> connectSockets() {
    FsEventWriter writer = new FsEventWriter(config.nodeId());
    EslClientOptions eslOptions =
        new EslClientOptions(
            Duration.ofSeconds(5),
            config.commandTimeout(),
            config.jobTimeout(),
            EslFrameDecoder.DEFAULT_MAX_HEADER_BYTES,
            EslFrameDecoder.DEFAULT_MAX_CONTENT_LENGTH);
    SocketSettings settings =
        new SocketSettings(
            config.eventFormat(),
            config.events(),
            eslOptions,
            config.heartbeatInterval(),
            config.reconnect(),
            config.subscriptionRetry());
    sockets =
        new SocketRegistry(
            s ->
                new SocketSupervisor(
                    vertx,
                    s.id(),
                    s.url(),
                    settings,
                    storage.epochs(),
                    (socket, epoch, seq, event) -> publish(writer, socket, epoch, seq, event),
                    metrics,
                    this::nodeChanged),
            runtime.registry());
    resources.add(sockets::stopAll);
    sockets.apply(config.sockets());
    runtime
        .health()
        .register("freeswitch", () -> sockets.all().stream().anyMatch(SocketSupervisor::connected));
    nodeState =
        new NodeStatePublisher(
            vertx,
            config.nodeId(),
            sockets,
            new TopicWriter(publisher, service.topics().of(Topics.NODES)),
            config.nodeStateInterval());
    resources.add(nodeState::stop);
    nodeState.start();
    return Future.succeededFuture();
  }

  private void nodeChanged() {
    if (nodeState != null) {
      nodeState.changed();
    }
  }

  private Future<?> followCommands() {
    allowlist = CommandAllowlist.of(config.allowlist(), config.recordingsDir());
    CommandProcessor commands =
        new CommandProcessor(
            vertx,
            config.nodeId(),
            allowlist,
            new CommandExecutor(vertx, sockets, storage.files(), config.commandOpener()),
            storage.journal(),
            new TopicWriter(publisher, service.topics().of(Topics.COMMAND_RESULTS)),
            metrics,
            new CommandProcessor.Limits(
                config.commandMaxLifetime(), config.commandReplyMaxBytes()));
    commands.start();
    TopicFollower follower =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.group(
                    clientId + "-commands",
                    List.of(service.topics().of(Topics.COMMANDS)),
                    service.topics().group(clientId),
                    "earliest"),
                commands::handle));
    follower.bindTo(runtime.registry(), "switchboard_gateway");
    runtime.health().register("command-follower", follower::following);
    runtime.health().register("command-journal", storage.journal()::working);
    // Closed before the sockets (resources close in reverse): a command cut off by closing its
    // socket is answered `unknown` on the next start rather than with a misleading error.
    resources.add(commands);
    return Future.succeededFuture();
  }

  private Future<?> openAdminPort() {
    Router router = Router.router(vertx);
    new AdminApi(sockets, allowlist, reloadSource, this::nodeChanged)
        .mount(router, service.adminToken());
    return listen(router, config.httpHost(), config.httpPort())
        .map(
            server -> {
              http = server;
              LOG.info(
                  "esl-gateway {} started: {} socket(s), spool {}",
                  config.nodeId(),
                  config.sockets().size(),
                  config.spoolDir());
              return server;
            });
  }

  private void publish(FsEventWriter writer, String socket, long epoch, long seq, EslEvent event) {
    pipeline.offer(
        service.topics().forEvent(event.name(), event.subclass()),
        config.nodeId(),
        writer.write(event, socket, epoch, seq, System.currentTimeMillis()));
  }

  /** Creates missing topics once Kafka answers; until then events wait in the spool. */
  private void ensureTopicsWhenKafkaAnswers() {
    TopicAdmin.ensure(
            vertx,
            service.kafka(),
            service.topics().all(),
            service.topicPartitions(),
            service.topicReplication())
        .onFailure(
            e -> {
              LOG.warn("could not check Kafka topics yet ({}); retrying in 5 s", e.getMessage());
              vertx.setTimer(5000, t -> ensureTopicsWhenKafkaAnswers());
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
}
