package io.switchboard.provisioning.api;

import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.folder.ConfigArchive;
import io.switchboard.provisioning.folder.ConfigFolder;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.folder.FolderChange;
import io.switchboard.provisioning.folder.StagedRestore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's store and restore of the configuration folders ({@code freeswitch}, {@code
 * directory}, {@code dialplan}) as gzipped tarballs of their managed files. Admin only: the archive
 * holds every user's password. A restore is one change by the single writer: the archive is checked
 * whole and unpacked beside the live folders first, and those staged folders are swapped in only
 * once every node loaded them; an unsound archive or a refusing node leaves the live configuration
 * as it was, byte for byte.
 */
final class ArchiveRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveRoutes.class);

  private final Vertx vertx;
  private final Provisioner provisioner;
  private final ConfigFolder folder;

  ArchiveRoutes(Vertx vertx, Provisioner provisioner, ConfigFolder folder) {
    this.vertx = vertx;
    this.provisioner = provisioner;
    this.folder = folder;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("storeFolder").addHandler(this::store);
    builder.getRoute("restoreFolder").addHandler(this::restore);
  }

  /** The part of the configuration folder a name of the connector's stands for. */
  private String prefix(String name) {
    return switch (name) {
      case "directory" -> folder.layout().directory();
      case "dialplan" -> folder.layout().dialplan();
      default -> "";
    };
  }

  private static boolean under(String path, String prefix) {
    return prefix.isEmpty() || path.startsWith(prefix + "/");
  }

  private static boolean refusedToNonAdmin(RoutingContext ctx) {
    if (ApiAuth.isAdmin(ctx)) {
      return false;
    }
    ApiErrors.fail(ctx, 403, "store and restore are the admin's: the archive holds passwords");
    return true;
  }

  private void store(RoutingContext ctx) {
    if (refusedToNonAdmin(ctx)) {
      return;
    }
    String name = ctx.pathParam("folder");
    String prefix = prefix(name);
    vertx
        .executeBlocking(
            () -> {
              SortedMap<String, String> files = new TreeMap<>(folder.read());
              files.keySet().removeIf(path -> !under(path, prefix));
              Path tmp = Files.createTempFile("provisioning-store-", ".tar.gz");
              try (OutputStream out = Files.newOutputStream(tmp)) {
                ConfigArchive.write(files, out);
              }
              return tmp;
            },
            false)
        .onSuccess(
            tmp ->
                ctx.response()
                    .putHeader("Content-Type", "application/octet-stream")
                    .putHeader(
                        "Content-Disposition", "attachment; filename=\"" + name + ".tar.gz\"")
                    .sendFile(tmp.toString())
                    .onComplete(sent -> vertx.executeBlocking(() -> Files.deleteIfExists(tmp))))
        .onFailure(ctx::fail);
  }

  private void restore(RoutingContext ctx) {
    if (refusedToNonAdmin(ctx)) {
      return;
    }
    String name = ctx.pathParam("folder");
    String op = "restore/" + name;
    String prefix = prefix(name);
    Buffer body = ctx.body().buffer();
    byte[] archive = body == null ? new byte[0] : body.getBytes();
    List<String> folders =
        folder.layout().folders().stream().filter(f -> under(f, prefix)).toList();
    vertx
        .executeBlocking(
            () -> folder.stage(new ByteArrayInputStream(archive), prefix, folders), false)
        .onFailure(
            e -> {
              String reason =
                  e instanceof ConfigArchive.Unsound
                      ? e.getMessage()
                      : "not a readable .tar.gz: " + e;
              ctx.response().setStatusCode(400);
              ctx.json(
                  new JsonObject()
                      .put("op", op)
                      .put("done", "")
                      .put("failed", reason)
                      .put("error", "body: " + reason + "; the configuration is unchanged"));
            })
        .onSuccess(staged -> apply(ctx, op, prefix, staged));
  }

  /** The restore as one change; its staged folders are swapped in only if every node took it. */
  private void apply(RoutingContext ctx, String op, String prefix, StagedRestore staged) {
    Map<String, String> files = staged.files();
    provisioner
        .change(
            ApiAuth.caller(ctx),
            op,
            applied -> {
              Map<String, String> before = new TreeMap<>(applied);
              before.keySet().removeIf(path -> !under(path, prefix));
              List<FileChange> changes = ConfigFolder.diff(before, files);
              return new Provisioner.Plan() {
                @Override
                public List<FileChange> changes() {
                  return changes;
                }

                @Override
                public FolderChange stage(ConfigFolder live) {
                  return staged;
                }
              };
            })
        .onComplete(done -> vertx.executeBlocking(() -> discard(staged), false))
        .onSuccess(
            changed -> {
              int count = changed.plan().changes().size();
              JsonObject answer = new JsonObject().put("op", op);
              if (changed.outcome() != null && !changed.outcome().applied()) {
                ctx.response().setStatusCode(502);
                ctx.json(
                    answer
                        .put("done", "")
                        .put("failed", "a node refused the archive: " + changed.outcome().error())
                        .put("nodes", BatchAnswer.nodes(changed.outcome().answers())));
                return;
              }
              ctx.json(
                  answer
                      .put("done", files.size() + " files restored, " + count + " changed")
                      .put("failed", "")
                      .put(
                          "behind",
                          new JsonArray(
                              changed.outcome() == null ? List.of() : changed.outcome().behind())));
            })
        .onFailure(ctx::fail);
  }

  /** What was not swapped in goes; a leftover is never read (its name is no managed folder). */
  private static Void discard(StagedRestore staged) {
    try {
      staged.abandon();
    } catch (IOException e) {
      LOG.warn("a staged restore could not be removed: {}", e.toString());
    }
    return null;
  }
}
