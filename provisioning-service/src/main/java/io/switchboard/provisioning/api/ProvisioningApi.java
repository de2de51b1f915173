package io.switchboard.provisioning.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.ProvisioningConfig;
import io.switchboard.provisioning.apply.ApplyOutcome;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.auth.DigestNonces;
import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.ConferenceXml;
import io.switchboard.provisioning.folder.ConfigFolder;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.Recordings;
import io.switchboard.provisioning.folder.UserXml;
import io.switchboard.provisioning.node.NodeGlobals;
import io.switchboard.provisioning.phones.PhoneRoutes;
import io.switchboard.provisioning.recording.RecordingControl;
import io.switchboard.provisioning.recording.RecordingControlRoutes;
import io.switchboard.provisioning.users.FileIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;

/**
 * The REST API, built from its contract (resources/openapi/provisioning.yaml, served at {@code
 * /api/openapi.yaml}): the routes and the validation of every request come from that document, so
 * what the document says is what the service checks.
 */
public final class ProvisioningApi {
  public static final String CONTRACT = "openapi/provisioning.yaml";

  /** Nonces in use at once (each costs a map entry until it expires); more get stale=true. */
  private static final int MAX_TRACKED_NONCES = 100_000;

  private ProvisioningApi() {}

  /** A router answering the whole API; fails when the contract does not load. */
  public static Future<Router> router(
      Vertx vertx,
      ProvisioningConfig config,
      Provisioner provisioner,
      ConfigFolder folder,
      NodeGlobals globals,
      RecordingControl recordingControl,
      MeterRegistry registry) {
    Map<String, ContextRange> ranges = config.contexts();
    // Users come 10,000 in a batch: their files are never parsed on the event loop.
    FileIndex<DirectoryUser> users =
        new FileIndex<>(vertx, ranges.keySet(), folder.layout()::usersOf, UserXml::parse)
            .follow(provisioner);
    FileIndex<Conference> conferences =
        new FileIndex<>(
                vertx, ranges.keySet(), folder.layout()::conferencesOf, ConferenceXml::parse)
            .follow(provisioner);
    ApiAuth auth =
        new ApiAuth(
            config.service().adminToken(),
            new DigestNonces(config.nonceLifetime(), MAX_TRACKED_NONCES),
            name ->
                users.all().stream()
                    .filter(u -> u.context().equals(config.apiContext()) && u.name().equals(name))
                    .map(DirectoryUser::password)
                    .findFirst(),
            System::currentTimeMillis);
    // Serving starts once the files the nodes hold are described.
    return Future.join(users.ready(), conferences.ready())
        .compose(ready -> OpenAPIContract.from(vertx, CONTRACT))
        .map(
            contract -> {
              RouterBuilder builder =
                  RouterBuilder.create(vertx, contract, new BinaryBodyExtractor());
              // Vert.x takes the body handler first; the limit bounds what a stranger can send.
              builder.rootHandler(BodyHandler.create().setBodyLimit(config.maxBody()));
              builder.rootHandler(new ApiMetrics(registry, contract));
              builder.rootHandler(auth);
              new UsersRoutes(vertx, provisioner, users, folder.layout(), ranges).mount(builder);
              new ConferencesRoutes(vertx, provisioner, folder, ranges, conferences).mount(builder);
              new ArchiveRoutes(vertx, provisioner, folder).mount(builder);
              new RecordingsRoutes(vertx, new Recordings(config.recordingsDir())).mount(builder);
              new RecordingControlRoutes(recordingControl).mount(builder);
              new PhoneRoutes(config, users, conferences).mount(builder);
              builder.getRoute("info").addHandler(ctx -> info(ctx, provisioner, globals));
              Router router = Router.router(vertx);
              router
                  .get("/api/openapi.yaml")
                  .handler(
                      ctx ->
                          ctx.response()
                              .putHeader("Content-Type", "application/yaml")
                              .sendFile(CONTRACT));
              Router api = builder.createRouter();
              // Validation fails before any operation's handler runs: catch it on the router.
              api.route().failureHandler(ApiErrors::handle);
              router.route("/*").subRouter(api);
              return router;
            });
  }

  /** The connector's info: the last change's outcome, the nodes behind, each node's globals. */
  private static void info(RoutingContext ctx, Provisioner provisioner, NodeGlobals globals) {
    ApplyOutcome last = provisioner.last();
    JsonObject reload =
        last == null
            ? new JsonObject().put("lastmsg", "no change yet")
            : new JsonObject()
                .put("applied", last.applied())
                .put("lastmsg", last.applied() ? "Success" : last.error());
    globals
        .ask()
        .onSuccess(
            byNode ->
                ctx.json(
                    new JsonObject()
                        .put("op", "info")
                        .put("info", new JsonObject().put("reloadxml", reload))
                        .put("behind", new JsonArray(provisioner.behindNodes()))
                        .put("globals", byNode)))
        .onFailure(ctx::fail);
  }
}
