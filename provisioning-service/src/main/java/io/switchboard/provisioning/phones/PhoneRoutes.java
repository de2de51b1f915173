package io.switchboard.provisioning.phones;

import io.switchboard.provisioning.ProvisioningConfig;
import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.users.FileIndex;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The phones' provisioning files, made from what the nodes hold at each request, so they follow
 * every change of users and conferences by themselves. They hold the user's SIP password: the admin
 * gets any phone's, a user of the API context (HTTP Digest, as the phone signs in) only the files
 * of their own phone; any other answers 404, as an unknown MAC does, so that nobody learns which
 * addresses exist.
 */
public final class PhoneRoutes {
  private static final String XML = "application/xml; charset=utf-8";

  private final FileIndex<DirectoryUser> users;
  private final FileIndex<Conference> conferences;
  private final String apiContext;
  private final Optional<SipServer> server;

  public PhoneRoutes(
      ProvisioningConfig config,
      FileIndex<DirectoryUser> users,
      FileIndex<Conference> conferences) {
    this.users = users;
    this.conferences = conferences;
    this.apiContext = config.apiContext();
    this.server =
        config
            .optional(PhoneSettings.SIP_HOST)
            .map(
                host ->
                    new SipServer(
                        host,
                        config.get(PhoneSettings.SIP_PORT),
                        config.get(PhoneSettings.SIP_TRANSPORT)));
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("polycomFile").addHandler(this::polycom);
    builder.getRoute("linphoneConfig").addHandler(this::linphone);
  }

  private void polycom(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    Optional<MacAddress> mac = MacAddress.parse(file.substring(0, 12));
    Optional<DirectoryUser> user =
        mac.flatMap(
            m -> find(ctx, u -> MacAddress.parse(u.polymac()).filter(m::equals).isPresent()));
    if (server.isEmpty() || user.isEmpty()) {
      refuse(ctx, "file: no phone with the MAC address of '" + file + "'");
      return;
    }
    String suffix = file.substring(12);
    String body;
    if (suffix.equals(".cfg")) {
      body = PolycomFiles.master(mac.get());
    } else if (suffix.equals(PolycomFiles.CONFIG_SUFFIX)) {
      body = PolycomFiles.registration(user.get(), server.get());
    } else {
      body = PolycomFiles.directory(conferencesOf(user.get()));
    }
    send(ctx, body);
  }

  private void linphone(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<DirectoryUser> user = find(ctx, u -> u.id().equals(id));
    if (server.isEmpty() || user.isEmpty()) {
      refuse(ctx, "id: no user " + id);
      return;
    }
    send(ctx, LinphoneConfig.render(user.get(), conferencesOf(user.get()), server.get()));
  }

  /** The first user that matches and whose files the caller may have. */
  private Optional<DirectoryUser> find(RoutingContext ctx, Predicate<DirectoryUser> matches) {
    boolean admin = ApiAuth.isAdmin(ctx);
    String caller = ApiAuth.caller(ctx);
    return users.all().stream()
        .filter(matches)
        .filter(u -> admin || (u.context().equals(apiContext) && u.name().equals(caller)))
        .findFirst();
  }

  private List<Conference> conferencesOf(DirectoryUser user) {
    return conferences.all().stream().filter(c -> c.context().equals(user.context())).toList();
  }

  private void refuse(RoutingContext ctx, String notFound) {
    boolean off = server.isEmpty();
    ctx.response().setStatusCode(off ? 503 : 404);
    ctx.json(
        new JsonObject()
            .put(
                "error",
                off
                    ? "phone provisioning is off: PROVISIONING_PHONE_SIP_HOST is not set"
                    : notFound));
  }

  private static void send(RoutingContext ctx, String body) {
    // The files hold a password: no cache on the way may keep them.
    ctx.response().putHeader("Content-Type", XML).putHeader("Cache-Control", "no-store").end(body);
  }
}
