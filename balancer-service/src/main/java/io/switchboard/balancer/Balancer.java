package io.switchboard.balancer;

import io.switchboard.balancer.api.BbbApi;
import io.switchboard.balancer.api.ListCalls;
import io.switchboard.balancer.api.MeetingCalls;
import io.switchboard.balancer.api.PlacementMetrics;
import io.switchboard.balancer.api.TenantLimits;
import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.placement.MeetingClaims;
import io.switchboard.balancer.placement.MeetingPlacer;
import io.switchboard.balancer.placement.VoiceBridges;
import io.switchboard.balancer.poll.ServerPoller;
import io.switchboard.balancer.pool.PoolAdminApi;
import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.StateStore;
import io.switchboard.balancer.tenant.Tenant;
import io.switchboard.balancer.tenant.TenantAdminApi;
import io.switchboard.balancer.tenant.TenantGauges;
import io.switchboard.balancer.tenant.TenantRecords;
import io.switchboard.balancer.tenant.Tenants;
import io.switchboard.balancer.voice.ConferenceEvents;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.service.ServiceSettings;
import io.switchboard.service.SwitchboardService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One balancer instance: state rebuilt from bbb.servers, bbb.meetings, bbb.voice-bridges and
 * bbb.tenants; the BBB API and the pool admin API on the public port; the poller. Everything runs
 * on the verticle's context, so the state is only ever changed by one thread, in log order.
 *
 * <p>The public port opens only after the state is rebuilt and every server polled once: an
 * instance never answers from a half-read log or before it knows which servers answer.
 */
public final class Balancer extends SwitchboardService {
  private static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(15);

  private final BalancerConfig config;
  private final ServiceSettings service;
  private final LongSupplier clock = System::currentTimeMillis;
  private ClusterState state;
  private Tenants tenants;
  private TenantRecords tenantRecords;
  private StateStore store;
  private ServerPoller poller;
  private BbbClient bbb;
  private MeetingClaims claims;
  private MeetingPlacer placer;
  private HttpServer http;
  private volatile boolean anyOnline;

  public Balancer(ServiceRuntime runtime, BalancerConfig config) {
    super(runtime, config.service().managementHost(), config.service().managementPort());
    this.config = config;
    this.service = config.service();
  }

  /** Deploys a balancer on {@code runtime}; completes once it serves. */
  public static Future<Balancer> start(ServiceRuntime runtime, BalancerConfig config) {
    return runtime.deploy(new Balancer(runtime, config));
  }

  @Override
  protected List<Step> steps() {
    return List.of(
        new Step("topics", this::ensureTopics),
        new Step("state", this::rebuildState),
        new Step("tenants seed", this::seedTenants),
        new Step("placement", this::placement),
        new Step("voice events", this::followVoiceEvents),
        new Step("first poll", () -> poller.pollAll()),
        new Step("public port", this::openPublicPort));
  }

  private Future<?> ensureTopics() {
    List<Topics.Spec> topics = new ArrayList<>(config.topics().specs());
    topics.add(new Topics.Spec(service.topics().of(Topics.EVENTS_CONFERENCE), false));
    return TopicAdmin.ensure(
        vertx, service.kafka(), topics, service.topicPartitions(), service.topicReplication());
  }

  private Future<?> rebuildState() {
    state = new ClusterState(config.sealer());
    tenants = config.tenants().emptyTable();
    tenantRecords = new TenantRecords(config.sealer(), config.checksumAlgorithms());
    store =
        resources.add(
            new StateStore(
                vertx,
                service.kafka(),
                config.topics(),
                config.instanceId(),
                state,
                (id, value) -> tenantRecords.apply(tenants, id, value)));
    store.follower().bindTo(runtime.registry(), "switchboard_balancer");
    KafkaHealth kafka =
        resources.add(new KafkaHealth(vertx, service.kafka(), Duration.ofSeconds(5)));
    runtime.health().register("kafka", kafka::up);
    runtime.health().register("state-follower", store.follower()::following);
    runtime.health().register("state-publisher", () -> store.publisher().healthy(PUBLISH_PATIENCE));
    return store.caughtUp();
  }

  /**
   * BALANCER_TENANTS_FILE is a seed: a tenant it names that bbb.tenants does not hold yet is
   * written there; one the topic holds (perhaps changed through the admin API since) is left as the
   * topic has it.
   */
  private Future<?> seedTenants() {
    Tenants seed = config.tenants();
    List<Future<Void>> writes = new ArrayList<>();
    for (Tenant t : seed.all()) {
      if (tenants.spec(t.id()).isEmpty()) {
        writes.add(
            store.putTenant(
                t.id(), tenantRecords.encode(seed.spec(t.id()).orElseThrow(), clock.getAsLong())));
      }
    }
    return Future.all(writes);
  }

  private Future<?> placement() {
    bbb = resources.add(new BbbClient(vertx, config.requestTimeout()));
    placer = new MeetingPlacer(state, config.minYoungLoad(), config.youngFor(), clock);
    claims =
        new MeetingClaims(
            store,
            placer,
            new VoiceBridges(state, config.voiceBridgeDigits()),
            config.instanceId(),
            clock);
    BbbClient pollClient = resources.add(new BbbClient(vertx, config.pollTimeout()));
    poller =
        resources.add(
            new ServerPoller(
                vertx,
                state,
                pollClient,
                claims,
                config.pollInterval(),
                config.pollConcurrency(),
                config.offlineAfter(),
                config.onlineAfter(),
                config.requestTimeout().multipliedBy(2),
                clock,
                runtime.registry()));
    // The state is confined to this context; readiness and metrics are asked on the management
    // server's.
    TenantGauges gauges = new TenantGauges(tenants, state, runtime.registry());
    long timer =
        vertx.setPeriodic(
            0,
            1000,
            t -> {
              anyOnline = state.servers().stream().anyMatch(s -> Boolean.TRUE.equals(s.online()));
              gauges.refresh();
            });
    resources.add(() -> vertx.cancelTimer(timer));
    runtime.health().register("online-server", () -> anyOnline);
    return Future.succeededFuture();
  }

  /**
   * Every instance needs every event: a group of its own, from the latest (a stream, not state).
   */
  private Future<?> followVoiceEvents() {
    ConferenceEvents voice = new ConferenceEvents(state, poller::pollServer);
    TopicFollower follower =
        resources.add(
            TopicFollower.start(
                vertx,
                service.kafka(),
                TopicFollower.Options.group(
                    config.instanceId() + "-conference",
                    List.of(service.topics().of(Topics.EVENTS_CONFERENCE)),
                    service.topics().group(config.instanceId()),
                    "latest"),
                voice::handle));
    follower.bindTo(runtime.registry(), "switchboard_balancer");
    runtime.health().register("conference-follower", follower::following);
    return Future.succeededFuture();
  }

  private Future<?> openPublicPort() {
    Router router = Router.router(vertx);
    new BbbApi(
            new ApiChecksum(config.secrets(), config.checksumAlgorithms()),
            tenants,
            Instant::now,
            new MeetingCalls(
                store,
                claims,
                bbb,
                config.honourVoiceBridge(),
                new PlacementMetrics(runtime.registry())),
            new ListCalls(vertx, state, bbb),
            new TenantLimits(state),
            runtime.registry())
        .mount(router);
    new PoolAdminApi(store, claims, bbb, placer::loads, poller::pollServer, clock)
        .mount(router, service.adminToken());
    new TenantAdminApi(tenants, tenantRecords, store::putTenant, Instant::now, state.tally())
        .mount(router);
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

  public ClusterState state() {
    return state;
  }

  /** Polls every server now (tests, and the admin after adding a server). */
  public Future<Void> pollNow() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> poller.pollAll().onComplete(done));
    return done.future();
  }
}
