package io.switchboard.registration;

import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.kafka.TopicWriter;
import io.switchboard.registration.api.RegistrationApi;
import io.switchboard.registration.node.CommandChannel;
import io.switchboard.registration.node.LaneMetrics;
import io.switchboard.registration.node.NodeLane;
import io.switchboard.registration.state.Registrations;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.service.ServiceSettings;
import io.switchboard.service.SwitchboardService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * registration-service: follows the nodes' conference and sofia events, drives their gateways
 * through {@code fs.commands}, publishes each room's registration on {@code sip.registrations} and
 * answers the registrations API. Everything runs on the verticle's context. One instance per
 * cluster: its consumer groups are fixed names, so a second instance would share the events.
 */
public final class RegistrationService extends SwitchboardService {
  private static final String METRICS = "switchboard_registration";
  private static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(15);

  private final RegistrationConfig config;
  private final ServiceSettings service;
  private final LongSupplier clock = System::currentTimeMillis;
  private final Map<String, NodeLane> lanes = new HashMap<>();
  private RecordPublisher publisher;
  private CommandChannel commands;
  private Registrations registrations;
  private LaneMetrics laneMetrics;
  private Rooms rooms;
  private HttpServer http;

  public RegistrationService(ServiceRuntime runtime, RegistrationConfig config) {
    super(runtime, config.service().managementHost(), config.service().managementPort());
    this.config = config;
    this.service = config.service();
  }

  /** Deploys the service on {@code runtime}; completes once it serves. */
  public static Future<RegistrationService> start(
      ServiceRuntime runtime, RegistrationConfig config) {
    return runtime.deploy(new RegistrationService(runtime, config));
  }

  @Override
  protected List<Step> steps() {
    return List.of(
        new Step("topics", this::ensureTopics),
        new Step("publisher", this::openPublisher),
        new Step("command results", this::followResults),
        new Step("events", this::followEvents),
        new Step("reconcile", this::reconcile),
        new Step("public port", this::openPublicPort));
  }

  private Future<?> ensureTopics() {
    List<Topics.Spec> topics =
        service.topics().all().stream()
            .filter(
                t ->
                    List.of(
                            Topics.EVENTS_CONFERENCE,
                            Topics.EVENTS_SOFIA,
                            Topics.COMMANDS,
                            Topics.COMMAND_RESULTS,
                            Topics.NODES,
                            Topics.SIP_REGISTRATIONS)
                        .stream()
                        .map(service.topics()::of)
                        .anyMatch(t.name()::equals))
            .toList();
    return TopicAdmin.ensure(
        vertx, service.kafka(), topics, service.topicPartitions(), service.topicReplication());
  }

  private Future<?> openPublisher() {
    publisher = resources.add(new RecordPublisher(service.kafka(), "registration-service"));
    KafkaHealth kafka =
        resources.add(new KafkaHealth(vertx, service.kafka(), Duration.ofSeconds(5)));
    runtime.health().register("kafka", kafka::up);
    runtime.health().register("publisher", () -> publisher.healthy(PUBLISH_PATIENCE));
    commands =
        new CommandChannel(
            vertx,
            new TopicWriter(publisher, service.topics().of(Topics.COMMANDS)),
            config.fileSealer(),
            config.commandTimeout(),
            clock,
            runtime.registry());
    registrations =
        new Registrations(
            vertx,
            new TopicWriter(publisher, service.topics().of(Topics.SIP_REGISTRATIONS)),
            clock,
            runtime.registry());
    laneMetrics = new LaneMetrics(runtime.registry());
    return Future.succeededFuture();
  }

  /** Results of this instance's commands only matter while it waits: read from the latest. */
  private Future<?> followResults() {
    TopicFollower follower =
        follow("registration-results", Topics.COMMAND_RESULTS, commands::handle);
    return follower.caughtUp();
  }

  private Future<?> followEvents() {
    rooms =
        new Rooms(
            vertx, config, config.renderer(), registrations, this::lane, clock, runtime.registry());
    // Ready once both know where "latest" is: nothing published after the start is missed.
    return Future.all(
        follow("registration-conference", Topics.EVENTS_CONFERENCE, rooms::onConferenceEvents)
            .caughtUp(),
        follow("registration-sofia", Topics.EVENTS_SOFIA, rooms::onSofiaEvents).caughtUp());
  }

  /** The nodes' states are replayed from the start: which nodes exist is state, not news. */
  private Future<?> reconcile() {
    Reconciler reconciler =
        new Reconciler(
            config, commands, rooms, registrations, this::lane, clock, runtime.registry());
    TopicFollower nodes =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.replay(
                    "registration-nodes", List.of(service.topics().of(Topics.NODES))),
                records -> reconciler.onNodeStates(vertx, records)));
    nodes.bindTo(runtime.registry(), METRICS);
    runtime.health().register("registration-nodes", nodes::following);
    long timer =
        vertx.setPeriodic(config.reconcileInterval().toMillis(), t -> reconciler.reconcileAll());
    resources.add(() -> vertx.cancelTimer(timer));
    return Future.succeededFuture();
  }

  private TopicFollower follow(String name, String topic, TopicFollower.BatchHandler handler) {
    TopicFollower follower =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.group(
                    name,
                    List.of(service.topics().of(topic)),
                    service.topics().group(name),
                    "latest"),
                handler));
    follower.bindTo(runtime.registry(), METRICS);
    runtime.health().register(name, follower::following);
    return follower;
  }

  private NodeLane lane(String node) {
    return lanes.computeIfAbsent(
        node, n -> new NodeLane(n, vertx, commands, laneMetrics, config.pace(), clock, rooms));
  }

  private Future<?> openPublicPort() {
    Router router = Router.router(vertx);
    new RegistrationApi(registrations).mount(router, service.adminToken());
    return listen(router, config.httpHost(), config.httpPort())
        .map(
            server -> {
              http = server; // before start() completes, which an onSuccess may not be
              return server;
            });
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }
}
