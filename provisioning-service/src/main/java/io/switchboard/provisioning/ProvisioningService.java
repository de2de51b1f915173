package io.switchboard.provisioning;

import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.kafka.TopicWriter;
import io.switchboard.provisioning.api.ProvisioningApi;
import io.switchboard.provisioning.apply.ChangeJournal;
import io.switchboard.provisioning.apply.ClusterApplier;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.apply.ReloadMetrics;
import io.switchboard.provisioning.folder.ConfigFolder;
import io.switchboard.provisioning.node.NodeCommands;
import io.switchboard.provisioning.node.NodeGlobals;
import io.switchboard.provisioning.node.ReloadEvents;
import io.switchboard.provisioning.recording.ConferenceControlEvents;
import io.switchboard.provisioning.recording.RecordingControl;
import io.switchboard.provisioning.recording.RecordingControls;
import io.switchboard.provisioning.recording.RecordingFiles;
import io.switchboard.provisioning.recording.RecordingSettings;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.service.ServiceSettings;
import io.switchboard.service.SwitchboardService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provisioning instance: the configuration folder as the source of truth, applied to the
 * configured nodes through their gateways. Everything that changes the configuration runs on this
 * verticle's context, through one {@link Provisioner}.
 */
public final class ProvisioningService extends SwitchboardService {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);
  private static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(15);
  private static final String METRICS = "switchboard_provisioning";

  private final ProvisioningConfig config;
  private final ServiceSettings service;
  private NodeCommands commands;
  private Provisioner provisioner;
  private ConfigFolder folder;
  private RecordPublisher publisher;
  private ProvisioningMetrics metrics;
  private RecordingControl recordings;
  private HttpServer http;

  public ProvisioningService(ServiceRuntime runtime, ProvisioningConfig config) {
    super(runtime, config.service().managementHost(), config.service().managementPort());
    this.config = config;
    this.service = config.service();
  }

  /** Deploys an instance on {@code runtime}; completes once it serves. */
  public static Future<ProvisioningService> start(
      ServiceRuntime runtime, ProvisioningConfig config) {
    return runtime.deploy(new ProvisioningService(runtime, config));
  }

  @Override
  protected List<Step> steps() {
    return List.of(
        new Step("topics", this::ensureTopics),
        new Step("command bus", this::commandBus),
        new Step("configuration folder", this::configurationFolder),
        new Step("reload events", this::followReloadEvents),
        new Step("conference events", this::followConferenceEvents),
        new Step("public port", this::openPublicPort));
  }

  private Future<?> ensureTopics() {
    return TopicAdmin.ensure(
        vertx,
        service.kafka(),
        List.of(
            new Topics.Spec(service.topics().of(Topics.COMMANDS), false),
            new Topics.Spec(service.topics().of(Topics.COMMAND_RESULTS), false),
            new Topics.Spec(service.topics().of(Topics.PROVISIONING_CHANGES), false),
            new Topics.Spec(service.topics().of(Topics.EVENTS_SYSTEM), false),
            new Topics.Spec(service.topics().of(Topics.EVENTS_CONFERENCE), false)),
        service.topicPartitions(),
        service.topicReplication());
  }

  /**
   * Results are read from the latest offset by a group of this instance's own: it waits only for
   * answers to what it sent after it started.
   */
  private Future<?> commandBus() {
    KafkaHealth kafka =
        resources.add(new KafkaHealth(vertx, service.kafka(), Duration.ofSeconds(5)));
    runtime.health().register("kafka", kafka::up);
    publisher =
        resources.add(new RecordPublisher(service.kafka(), config.instanceId() + "-commands"));
    runtime.health().register("command-publisher", () -> publisher.healthy(PUBLISH_PATIENCE));
    commands =
        new NodeCommands(
            vertx,
            new TopicWriter(publisher, service.topics().of(Topics.COMMANDS)),
            config.fileSealer(),
            config.commandTimeout());
    TopicFollower results =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.group(
                    config.instanceId() + "-results",
                    List.of(service.topics().of(Topics.COMMAND_RESULTS)),
                    service.topics().group(config.instanceId()),
                    "latest"),
                commands::onResults));
    results.bindTo(runtime.registry(), METRICS);
    runtime.health().register("result-follower", results::following);
    return results.caughtUp();
  }

  /** The first look at the folder applies it to every node; later looks apply hand edits. */
  private Future<?> configurationFolder() {
    folder = new ConfigFolder(config.confDir(), config.layout());
    provisioner =
        new Provisioner(
            vertx,
            folder,
            new ClusterApplier(commands, config.nodes(), new ReloadMetrics(runtime.registry())),
            new ChangeJournal(
                vertx,
                new TopicWriter(publisher, service.topics().of(Topics.PROVISIONING_CHANGES)),
                runtime.registry()),
            commands,
            config.locateMaxBytes());
    metrics = new ProvisioningMetrics(runtime.registry(), config.layout(), config.nodes().size());
    long timer =
        vertx.setPeriodic(
            config.scanInterval().toMillis(),
            t ->
                provisioner
                    .scan()
                    .compose(outcome -> provisioner.catchUp())
                    .onComplete(done -> metrics.update(provisioner))
                    .onFailure(
                        e ->
                            LOG.warn("reading the configuration folder failed: {}", e.toString())));
    resources.add(() -> vertx.cancelTimer(timer));
    return provisioner.scan().onComplete(done -> metrics.update(provisioner));
  }

  /** Every instance needs every RELOADXML: a group of its own, from the latest. */
  private Future<?> followReloadEvents() {
    ReloadEvents events =
        new ReloadEvents(
            config.nodes(),
            node -> provisioner.verify(node).onComplete(done -> metrics.update(provisioner)));
    return followLatest("system-events", Topics.EVENTS_SYSTEM, "event-follower", events::onEvents);
  }

  /** Follows {@code topic} from the latest offset, in a group of this instance's own. */
  private Future<?> followLatest(
      String name, String topic, String health, TopicFollower.BatchHandler handler) {
    TopicFollower follower =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.group(
                    config.instanceId() + "-" + name,
                    List.of(service.topics().of(topic)),
                    service.topics().group(config.instanceId() + "-" + name),
                    "latest"),
                handler));
    follower.bindTo(runtime.registry(), METRICS);
    runtime.health().register(health, follower::following);
    return follower.caughtUp();
  }

  /**
   * Moderators' recording keys arrive as conference events; like RELOADXML, every instance needs
   * them from the latest, in a group of its own.
   */
  private Future<?> followConferenceEvents() {
    recordings =
        new RecordingControl(
            commands,
            config.nodes(),
            new RecordingFiles(config.get(RecordingSettings.NODE_RECORDINGS_DIR)),
            Clock.systemUTC(),
            runtime.registry());
    ConferenceControlEvents events =
        new ConferenceControlEvents(
            config.nodes(),
            RecordingControls.from(config.get(RecordingSettings.CONTROLS)),
            recordings);
    return followLatest(
        "conference-events",
        Topics.EVENTS_CONFERENCE,
        "conference-event-follower",
        events::onEvents);
  }

  private Future<?> openPublicPort() {
    return ProvisioningApi.router(
            vertx,
            config,
            provisioner,
            folder,
            new NodeGlobals(commands, config.nodes()),
            recordings,
            runtime.registry())
        .compose(router -> listen(router, config.httpHost(), config.httpPort()))
        .map(
            server -> {
              http = server; // before start() completes, which an onSuccess may not be
              return server;
            });
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** The single writer: tests drive and inspect it on this service's context. */
  public Provisioner provisioner() {
    return provisioner;
  }

  /** Runs an API command on a node through its gateway, from any thread. */
  public Future<CommandResult> ask(String node, String command) {
    Promise<CommandResult> answer = Promise.promise();
    context.runOnContext(v -> commands.api(node, command).onComplete(answer));
    return answer.future();
  }
}
