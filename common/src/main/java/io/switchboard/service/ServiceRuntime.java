package io.switchboard.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.http.HealthChecks;
import io.switchboard.http.ManagementRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service process shares: a Vert.x instance whose own metrics (HTTP server, event loops,
 * pools) land in the service's Prometheus registry, JVM metrics, health checks, and one HTTP server
 * carrying the service's routes beside {@code /metrics} and {@code /health/*}.
 *
 * <p>Several runtimes can live in one JVM (the demo, integration tests): nothing here is global.
 */
public final class ServiceRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

  private final String service;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final HealthChecks health = new HealthChecks();
  private final boolean ownsVertx;

  private ServiceRuntime(
      String service, Vertx vertx, PrometheusMeterRegistry registry, boolean ownsVertx) {
    this.service = service;
    this.vertx = vertx;
    this.registry = registry;
    this.ownsVertx = ownsVertx;
    // Readiness as a gauge too, so that Prometheus can alert on a service that answers but is not
    // ready (a scrape sees what /health/ready would answer).
    Gauge.builder("switchboard_service_ready", health, h -> h.ready() ? 1 : 0)
        .description("1 while every readiness check of the service holds, as /health/ready")
        .register(registry);
  }

  /** A runtime with its own Vert.x instance, instrumented into a fresh registry. */
  public static ServiceRuntime create(String service) {
    PrometheusMeterRegistry registry = newRegistry(service);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            // Vert.x shares one registry per name across the JVM: without a name
                            // of its own, every runtime in a JVM after the first (the demo) would
                            // record its HTTP and pool meters in the first one's registry.
                            .setRegistryName(service + "-" + UUID.randomUUID())
                            .setJvmMetricsEnabled(false)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    return new ServiceRuntime(service, vertx, registry, true);
  }

  /**
   * A runtime on a Vert.x instance the caller owns (tests, the demo); only our own meters are
   * recorded.
   */
  public static ServiceRuntime on(Vertx vertx, String service) {
    return new ServiceRuntime(service, vertx, newRegistry(service), false);
  }

  private static PrometheusMeterRegistry newRegistry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  public String service() {
    return service;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public HealthChecks health() {
    return health;
  }

  /**
   * A router that already answers {@code /metrics}, {@code /health/live} and {@code /health/ready}.
   */
  public Router router() {
    return ManagementRoutes.mount(Router.router(vertx), registry, health);
  }

  public Future<HttpServer> listen(Router router, String host, int port) {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .onSuccess(
            server -> LOG.info("{} listening on http://{}:{}", service, host, server.actualPort()));
  }

  /** Deploys {@code service} on this runtime's Vert.x; completes with it once its boot is done. */
  public <S extends SwitchboardService> Future<S> deploy(S service) {
    return vertx.deployVerticle(service).map(id -> service);
  }

  /** Closes the runtime when the JVM is asked to stop (SIGTERM, Ctrl-C). */
  public ServiceRuntime closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, service + "-shutdown"));
    return this;
  }

  @Override
  public void close() {
    if (ownsVertx) {
      CompletableFuture<Void> done = vertx.close().toCompletionStage().toCompletableFuture();
      try {
        done.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{}: Vert.x did not close cleanly: {}", service, e.toString());
      }
    }
    registry.close();
  }
}
