package io.switchboard.service;

import io.switchboard.http.ManagementRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton of every service: a verticle whose start is its boot, as named steps run in order on
 * the verticle's context, and whose stop closes, in reverse order, what those steps opened. The
 * management port ({@code /metrics}, {@code /health/live}, {@code /health/ready}) opens first, so
 * an orchestrator sees the service alive, and not ready, while it boots.
 *
 * <p>A step that fails names itself in the failure; what the earlier steps opened is closed.
 */
public abstract class SwitchboardService extends VerticleBase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardService.class);

  /** One named part of a boot; {@code run} may complete later (opening a port, catching up). */
  public record Step(String name, Supplier<Future<?>> run) {}

  protected final ServiceRuntime runtime;
  protected final Closer resources;
  private final String managementHost;
  private final int managementPort;
  private HttpServer management;

  protected SwitchboardService(ServiceRuntime runtime, String managementHost, int managementPort) {
    this.runtime = runtime;
    this.resources = new Closer(runtime.service());
    this.managementHost = managementHost;
    this.managementPort = managementPort;
  }

  /** The boot, after the management port: each step starts when the one before completed. */
  protected abstract List<Step> steps();

  @Override
  public final Future<?> start() {
    Future<?> chain = openManagement();
    for (Step step : steps()) {
      chain = chain.compose(v -> run(step));
    }
    return chain
        .onSuccess(v -> LOG.info("{} started", runtime.service()))
        .recover(e -> Closer.closeAndFail(vertx, resources, e));
  }

  private Future<?> run(Step step) {
    Future<?> done;
    try {
      done = step.run().get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.recover(
        e ->
            Future.failedFuture(
                new IllegalStateException(
                    runtime.service()
                        + " could not start at step '"
                        + step.name()
                        + "': "
                        + e.getMessage(),
                    e)));
  }

  private Future<?> openManagement() {
    Router router =
        ManagementRoutes.mount(Router.router(vertx), runtime.registry(), runtime.health());
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(managementHost).setPort(managementPort))
        .requestHandler(router)
        .listen()
        .map(
            server -> {
              management = server;
              resources.add(() -> closeServer(server));
              LOG.info(
                  "{} management on http://{}:{}",
                  runtime.service(),
                  managementHost,
                  server.actualPort());
              return server;
            });
  }

  /** Closing runs on a worker, where Vert.x's own await is not allowed: wait the plain way. */
  private static void closeServer(HttpServer server) throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Closes what the boot opened on a worker: closing waits for clients and threads. */
  @Override
  public final Future<?> stop() {
    return vertx.executeBlocking(
        () -> {
          resources.close();
          return null;
        },
        false);
  }

  /** The management port actually bound (the configured one, or the free one picked for 0). */
  public int managementPort() {
    return management == null ? -1 : management.actualPort();
  }

  /** Opens a service's public HTTP server on {@code router}; closed with the service. */
  protected Future<HttpServer> listen(Router router, String host, int port) {
    return runtime
        .listen(router, host, port)
        .map(
            server -> {
              resources.add(() -> closeServer(server));
              return server;
            });
  }

  /** Undeploys the service and waits for its stop: for tests, the demo and shutdown hooks. */
  @Override
  public void close() {
    String id = deploymentID();
    if (id != null && vertx.deploymentIDs().contains(id)) {
      try {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{}: stop did not complete: {}", runtime.service(), e.toString());
      }
    }
  }
}
