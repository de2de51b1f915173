package io.switchboard.balancer.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.balancer.bbb.BbbCallException;
import io.switchboard.balancer.placement.PlacementFailedException;
import io.switchboard.balancer.placement.ServerTagUnavailableException;
import io.switchboard.balancer.placement.ServerTags;
import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.tenant.ParamPolicy;
import io.switchboard.balancer.tenant.Policy;
import io.switchboard.balancer.tenant.Tenant;
import io.switchboard.balancer.tenant.TenantRules;
import io.switchboard.balancer.tenant.Tenants;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BBB API under {@code /bigbluebutton/api}: checks the checksum against the balancer's secrets
 * (or, for a tenant chosen by host or path prefix, the tenant's), applies the tenant's namespace
 * and the parameter policies, then hands the call to the part that answers it. Every failure is a
 * BBB answer (HTTP 200 with {@code FAILED}); a server that timed out or answered garbage becomes
 * {@code internalError}.
 */
public final class BbbApi {
  private static final Logger LOG = LoggerFactory.getLogger(BbbApi.class);
  private static final String PATH = "/bigbluebutton/api";

  /** {@code <a tenant's pathPrefix>/bigbluebutton/api/<call>}: the prefix is param0. */
  private static final String PREFIXED_CALL = "(/.+)/bigbluebutton/api/([^/]+)";

  /** The tenant label of calls made with the balancer's own secret. */
  private static final String NO_TENANT = "none";

  private static final String VERSION =
      new Xml()
          .open("response")
          .element("returncode", "SUCCESS")
          .element("version", "2.0")
          .element("apiVersion", "2.0")
          .element("bbbVersion", "")
          .close("response")
          .toString();

  private final ApiChecksum checksum;
  private final Tenants tenants;
  private final Supplier<Instant> clock;
  private final TenantLimits limits;
  private final MeetingCalls meetings;
  private final Map<String, Function<ApiCall, Future<Answer>>> calls;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public BbbApi(
      ApiChecksum checksum,
      Tenants tenants,
      Supplier<Instant> clock,
      MeetingCalls meetings,
      ListCalls lists,
      TenantLimits limits,
      MeterRegistry registry) {
    this.limits = limits;
    this.checksum = checksum;
    this.tenants = tenants;
    this.clock = clock;
    this.meetings = meetings;
    this.registry = registry;
    this.calls =
        Map.ofEntries(
            Map.entry("create", meetings::create),
            Map.entry("join", meetings::join),
            Map.entry("end", meetings::end),
            Map.entry("isMeetingRunning", meetings::isMeetingRunning),
            Map.entry("getMeetingInfo", meetings::getMeetingInfo),
            Map.entry("insertDocument", meetings::insertDocument),
            Map.entry("move", meetings::move),
            Map.entry("moveMeeting", meetings::move),
            Map.entry("getMeetings", lists::getMeetings),
            Map.entry("getStatistics", lists::getStatistics),
            Map.entry("getServers", lists::getStatistics),
            Map.entry("getRecordings", lists::getRecordings),
            Map.entry("publishRecordings", lists::publishRecordings),
            Map.entry("updateRecordings", lists::updateRecordings),
            Map.entry("deleteRecordings", lists::deleteRecordings));
  }

  public void mount(Router router) {
    // Tenants come and go on bbb.tenants while the router stands: a path prefix is looked up per
    // request, not mounted.
    router.routeWithRegex(PREFIXED_CALL).handler(body());
    router
        .routeWithRegex(PREFIXED_CALL)
        .handler(
            ctx -> {
              Optional<Tenant> tenant = tenants.byPathPrefix(ctx.pathParam("param0"));
              if (tenant.isPresent()) {
                handle(ctx, ctx.pathParam("param1"), tenant);
              } else {
                ctx.next();
              }
            });
    router.route(PATH + "*").handler(body());
    router.route(PATH).handler(ctx -> send(ctx, "version", Answer.xml(VERSION)));
    router.route(PATH + "/").handler(ctx -> send(ctx, "version", Answer.xml(VERSION)));
    // rejoin carries no checksum: it is the link BBB's client follows after a move, and only
    // redirects to the join link the browser's own cookie holds.
    router
        .get(PATH + "/rejoin")
        .handler(
            ctx ->
                send(
                    ctx,
                    "rejoin",
                    meetings.rejoin(
                        ctx.request().getParam("id"),
                        ctx.request().getCookie(MeetingCalls.JOIN_COOKIE))));
    router
        .route(PATH + "/:call")
        .handler(
            ctx ->
                handle(
                    ctx,
                    ctx.pathParam("call"),
                    // An HTTP/1.0 request may come without a Host: no tenant then.
                    ctx.request().authority() == null
                        ? Optional.empty()
                        : tenants.byHost(ctx.request().authority().host())));
  }

  private static BodyHandler body() {
    return BodyHandler.create(false).setBodyLimit(2L * 1024 * 1024);
  }

  /**
   * @param tenant the tenant the host or path chose; without one, the balancer's own secrets and
   *     the meetings of no tenant (every meeting while no tenant is configured)
   */
  private void handle(RoutingContext ctx, String name, Optional<Tenant> tenant) {
    HttpMethod method = ctx.request().method();
    Function<ApiCall, Future<Answer>> call = calls.get(name);
    if (call == null) {
      send(
          ctx,
          "unsupported",
          Answer.failed("unsupportedRequest", "This request is not supported."));
      return;
    }
    if (!CallMethods.allows(name, method)) {
      send(ctx, name, Answer.methodNotAllowed(), tenant);
      return;
    }
    ApiCall request =
        ApiCall.of(
            name,
            method,
            ctx.request().query(),
            ctx.body().buffer(),
            mediaType(ctx.request().getHeader("Content-Type")));
    if (!request.has("checksum")) {
      send(ctx, name, Answer.failed("checksumError", "You must provide the checksum"), tenant);
      return;
    }
    String checked =
        CallMethods.checksumOverBody(name) ? request.checkedString() : request.rawQuery();
    Optional<TenantRules> rules = tenant.map(t -> tenants.rules(t, clock.get()));
    ApiChecksum check = rules.map(TenantRules::checksum).orElse(checksum);
    Policy policy = rules.map(TenantRules::policy).orElse(tenants.global());
    if (!check.verify(name, checked, request.checksum())) {
      send(ctx, name, Answer.failed("checksumError", "Checksums do not match"), tenant);
      return;
    }
    Scope scope =
        tenant
            .map(t -> Scope.tenant(t.namespace()))
            .orElse(tenants.isEmpty() ? Scope.WHOLE_POOL : Scope.UNTENANTED);
    String namespace = scope.namespace();
    ApiCall scoped = withPolicy(request.in(scope), policy);
    Future<Answer> answer;
    try {
      answer = limits.admit(name, scoped, policy, () -> call.apply(scoped));
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(
        ar ->
            send(
                ctx,
                name,
                ar.succeeded() ? ar.result().unscoped(namespace) : internalError(name, ar.cause()),
                tenant));
  }

  private static ApiCall withPolicy(ApiCall call, Policy policy) {
    return switch (call.name()) {
      case "create" ->
          tiedToServers(
              call.withPolicy(policy.create(), policy.maxDurationMinutes()), policy.serverTags());
      case "join" -> call.withPolicy(policy.join(), 0);
      default -> call;
    };
  }

  /**
   * A tenant tied to servers asks for its tags, required: the ones it asked for among them, else
   * all of them.
   */
  private static ApiCall tiedToServers(ApiCall call, Set<String> tenantTags) {
    if (tenantTags.isEmpty()) {
      return call;
    }
    Set<String> asked = new HashSet<>(ServerTags.parse(call.param(ServerTags.PARAM)).tags());
    asked.retainAll(tenantTags);
    ServerTags tags = new ServerTags(asked.isEmpty() ? tenantTags : asked, true);
    return call.withPolicy(
        new ParamPolicy(Map.of(), Map.of(ServerTags.PARAM, tags.param()), Set.of()), 0);
  }

  static Answer internalError(String call, Throwable e) {
    if (e instanceof ServerTagUnavailableException) {
      return Answer.failed("serverTagUnavailable", e.getMessage());
    }
    if (e instanceof BbbCallException || e instanceof PlacementFailedException) {
      LOG.warn("{}: {}", call, e.getMessage());
      return Answer.failed("internalError", e.getMessage());
    }
    LOG.error("{} failed", call, e);
    return Answer.failed(
        "internalError", "The balancer could not answer: " + e.getClass().getSimpleName());
  }

  private void send(RoutingContext ctx, String call, Answer answer) {
    send(ctx, call, answer, Optional.empty());
  }

  private void send(RoutingContext ctx, String call, Answer answer, Optional<Tenant> tenant) {
    String tenantLabel = tenant.map(Tenant::id).orElse(NO_TENANT);
    counters
        .computeIfAbsent(
            call + "\u0000" + answer.result() + "\u0000" + tenantLabel,
            k ->
                Counter.builder("switchboard.balancer.requests")
                    .description(
                        "BBB API calls answered, by call, result (success, redirect or the messageKey) and tenant")
                    .tag("call", call)
                    .tag("result", answer.result())
                    .tag("tenant", tenantLabel)
                    .register(registry))
        .increment();
    HttpServerResponse response = ctx.response().setStatusCode(answer.status());
    if (answer.location() != null) {
      response.putHeader("Location", answer.location());
    } else if (answer.status() == 405) {
      response
          .putHeader("Allow", CallMethods.allowed(call))
          .putHeader("Content-Type", "text/plain");
    } else {
      response.putHeader("Content-Type", Answer.XML).putHeader("Cache-Control", "no-cache");
    }
    if (answer.cookie() != null) {
      response.putHeader("Set-Cookie", answer.cookie());
    }
    response.end(answer.body());
  }

  private static String mediaType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
