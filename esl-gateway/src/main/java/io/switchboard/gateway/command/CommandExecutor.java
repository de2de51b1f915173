package io.switchboard.gateway.command;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.esl.EslConnection;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.security.SecretSealer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command {@link CommandProcessor} has admitted: an API command as bgapi on its socket, a
 * file command through {@link FileOperations}. A missing socket, FreeSWITCH's {@code -ERR} and a
 * refused path are outcomes like success; the processor turns each outcome, or a failed future,
 * into the command's one result.
 */
public final class CommandExecutor {
  /** What running a command came to, before it is a result. */
  record Outcome(CommandResult.Status status, String reply, String error) {}

  private final Vertx vertx;
  private final SocketRegistry sockets;
  private final Optional<FileOperations> files;
  private final Optional<SecretSealer> opener;

  /**
   * @param opener opens a put's {@code sealedContent} (COMMAND_SEAL_KEY); empty: sealed puts are
   *     rejected
   */
  public CommandExecutor(
      Vertx vertx,
      SocketRegistry sockets,
      Optional<FileOperations> files,
      Optional<SecretSealer> opener) {
    this.vertx = vertx;
    this.sockets = sockets;
    this.files = files;
    this.opener = opener;
  }

  /** Whether file commands can run here (they need FS_CONF_DIR and FS_FILE_COMMANDS=on). */
  boolean filesOn() {
    return files.isPresent();
  }

  Future<Outcome> execute(Command command) {
    switch (command.op()) {
      case API, BGAPI -> {
        Optional<EslConnection> connection = sockets.connection(command.socket());
        if (connection.isEmpty()) {
          return Future.succeededFuture(
              new Outcome(
                  CommandResult.Status.ERROR,
                  null,
                  command.socket() == null
                      ? "FreeSWITCH is not connected"
                      : "socket " + command.socket() + " is not connected"));
        }
        // A reply can be megabytes (xml_locate of a large section): masked on a worker.
        return connection
            .get()
            .bgapi(command.command())
            .compose(
                reply ->
                    vertx.executeBlocking(
                        () -> {
                          String text = ReplyRedactor.redact(command.command(), reply.text());
                          return reply.ok()
                              ? new Outcome(CommandResult.Status.OK, text, null)
                              : new Outcome(
                                  CommandResult.Status.ERROR,
                                  text,
                                  "FreeSWITCH answered " + firstLine(text));
                        },
                        false));
      }
      default -> {
        FileOperations ops = files.orElseThrow();
        return vertx.executeBlocking(
            () -> {
              try {
                return runFile(ops, command);
              } catch (FileOperations.Refused e) {
                return new Outcome(CommandResult.Status.REJECTED, null, e.getMessage());
              }
            },
            false);
      }
    }
  }

  /** A file command, on a worker; a refusal is thrown, an I/O failure fails the command. */
  private Outcome runFile(FileOperations ops, Command command)
      throws FileOperations.Refused, IOException {
    if (command.op() == Command.Op.FILE_PUT) {
      long bytes =
          ops.put(command.path(), contentOf(command.content(), command.sealedContent(), ""));
      return new Outcome(
          CommandResult.Status.OK, "wrote " + bytes + " bytes to " + command.path(), null);
    }
    if (command.op() == Command.Op.FILES_PUT) {
      long bytes = ops.putAll(opened(command.files()));
      return new Outcome(
          CommandResult.Status.OK,
          "wrote " + command.files().size() + " files, " + bytes + " bytes",
          null);
    }
    boolean existed = ops.delete(command.path());
    return new Outcome(
        CommandResult.Status.OK, (existed ? "deleted " : "no such file ") + command.path(), null);
  }

  /**
   * The text a put writes. Sealed content is opened first, so that the preprocessor and size checks
   * see what would be written; opened, it lives only on this worker's stack until it is on disk. A
   * refusal names why it does not open, never the content.
   */
  private String contentOf(String content, String sealedContent, String name)
      throws FileOperations.Refused {
    if (sealedContent == null) {
      return content;
    }
    if (opener.isEmpty()) {
      throw new FileOperations.Refused(
          name + "content is sealed but this gateway has no COMMAND_SEAL_KEY to open it");
    }
    try {
      return opener.get().open(sealedContent);
    } catch (SecretSealer.SealException e) {
      throw new FileOperations.Refused(name + "sealedContent: " + e.getMessage());
    }
  }

  /** A files.put's files with their text opened; the first that does not open refuses them all. */
  private List<FileOperations.Put> opened(List<Command.FileContent> files)
      throws FileOperations.Refused {
    List<FileOperations.Put> puts = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      Command.FileContent file = files.get(i);
      String name = FileOperations.name(i, file.path()) + ": ";
      puts.add(
          new FileOperations.Put(
              file.path(), contentOf(file.content(), file.sealedContent(), name)));
    }
    return puts;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").trim();
  }
}
