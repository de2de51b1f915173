package io.switchboard.balancer;

import io.switchboard.balancer.api.BbbApi;
import io.switchboard.balancer.api.ListCalls;
import io.switchboard.balancer.api.MeetingCalls;
import io.switchboard.balancer.api.PlacementMetrics;
import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.placement.MeetingClaims;
import io.switchboard.balancer.placement.MeetingPlacer;
import io.switchboard.balancer.placement.VoiceBridges;
import io.switchboard.balancer.pool.PoolAdminApi;
import io.switchboard.balancer.poll.ServerPoller;
import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.StateStore;
import io.switchboard.balancer.voice.ConferenceEvents;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaHealth;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.service.Closer;
import io.switchboard.service.ServiceRuntime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One balancer instance, wired: state rebuilt from bbb.servers, bbb.meetings and bbb.voice-bridges;
 * the BBB API, the pool admin API, metrics and health on one HTTP port; the poller. Everything runs
 * on one Vert.x context, so the state is only ever changed by one thread, in log order.
 *
 * <p>The HTTP port opens only after the state is rebuilt and every server polled once: an
 * instance never answers from a half-read log or before it knows which servers answer.
 */
public final class Balancer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);

  private final ServiceRuntime runtime;
  private final BalancerConfig config;
  private final LongSupplier clock = System::currentTimeMillis;
  private final Closer resources = new Closer("balancer");
  private Context context;
  private ClusterState state;
  private ServerPoller poller;
  private HttpServer http;

  private Balancer(ServiceRuntime runtime, BalancerConfig config) {
    this.runtime = runtime;
    this.config = config;
  }

  public static Future<Balancer> start(ServiceRuntime runtime, BalancerConfig config) {
    Balancer balancer = new Balancer(runtime, config);
    balancer.context = runtime.vertx().getOrCreateContext();
    Promise<Balancer> started = Promise.promise();
    balancer.context.runOnContext(v -> balancer.boot().map(x -> balancer).onComplete(started));
    return started.future().recover(e -> Closer.closeAndFail(runtime.vertx(), balancer, e));
  }

  private Future<Void> boot() {
    var vertx = runtime.vertx();
    var registry = runtime.registry();
    List<Topics.Spec> topics = new ArrayList<>(config.topics().specs());
    topics.add(new Topics.Spec(Topics.EVENTS_CONFERENCE, false));
    return TopicAdmin.ensure(vertx, config.kafka(), topics, config.topicPartitions(), config.topicReplication())
        .compose(v -> {
          state = new ClusterState(config.sealer());
          StateStore store = new StateStore(vertx, config.kafka(), config.topics(), config.instanceId(), state);
          resources.add(store);
          KafkaHealth kafka = new KafkaHealth(vertx, config.kafka(), Duration.ofSeconds(5));
          resources.add(kafka);
          runtime.health().register("kafka", kafka::up);
          return store.caughtUp().map(store);
        })
        .compose(store -> {
          BbbClient bbb = new BbbClient(vertx, config.requestTimeout());
          resources.add(bbb);
          MeetingPlacer placer = new MeetingPlacer(state, config.minYoungLoad(), config.youngFor(), clock);
          MeetingClaims claims = new MeetingClaims(store, placer,
              new VoiceBridges(state, config.voiceBridgeDigits()), config.instanceId(), clock);
          MeetingCalls meetings = new MeetingCalls(store, claims, bbb, config.honourVoiceBridge(),
              new PlacementMetrics(registry));
          Router router = runtime.router();
          new BbbApi(new ApiChecksum(config.secrets(), config.checksumAlgorithms()), meetings, new ListCalls(vertx, state, bbb),
              registry).mount(router);
          BbbClient pollClient = new BbbClient(vertx, config.pollTimeout());
          resources.add(pollClient);
          poller = new ServerPoller(vertx, state, pollClient, claims, config.pollInterval(), config.pollConcurrency(),
              config.offlineAfter(), config.onlineAfter(), config.requestTimeout().multipliedBy(2), clock, registry);
          resources.add(poller);
          new PoolAdminApi(store, claims, bbb, placer::loads, poller::pollServer, clock).mount(router, config.adminToken());
          ConferenceEvents voice = new ConferenceEvents(state, poller::pollServer);
          // Every instance needs every event: a group of its own, from the latest (a stream, not state).
          resources.add(TopicFollower.start(vertx, config.kafka(), TopicFollower.Options.group(
              config.instanceId() + "-conference", List.of(Topics.EVENTS_CONFERENCE), config.instanceId(), "latest"),
              voice::handle));
          // One round before the port opens: a restarted instance knows which servers answer.
          return poller.pollAll().compose(v -> runtime.listen(router, config.httpHost(), config.httpPort()));
        })
        .map(server -> {
          http = server;
          LOG.info("balancer {} started: {} server(s), {} meeting(s) in the pool", config.instanceId(),
              state.servers().size(), state.meetings().size());
          return null;
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

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    resources.close();
  }
}
