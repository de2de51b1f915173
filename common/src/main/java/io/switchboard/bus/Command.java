package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A command for one node's gateway, on {@code fs.commands} keyed by node id.
 *
 * @param v envelope version
 * @param id unique id; its result on {@code fs.command-results} is keyed by it
 * @param node the target node id
 * @param op what to do
 * @param command for {@code api}/{@code bgapi}: the FreeSWITCH API command line, e.g. {@code
 *     reloadxml}
 * @param path for file operations: a path relative to the gateway's FreeSWITCH configuration folder
 * @param content for {@code file.put}: the file's text (UTF-8)
 * @param issuer who sent it (service or operator), for audit
 * @param issuedAt epoch milliseconds
 * @param expiresAt epoch milliseconds after which the gateway must not execute it
 * @param socket optional: which of the node's sockets to use; default the first connected one
 * @param sealedContent for {@code file.put}, instead of {@code content}: the file's text sealed
 *     with a key shared by issuer and gateways ({@code COMMAND_SEAL_KEY}, {@link
 *     io.switchboard.security.SecretSealer}), for files holding a secret that must not cross the
 *     topic in clear text; a gateway that cannot open it rejects the command
 * @param files for {@code files.put}: the files written together, all or none, at most {@link
 *     #MAX_FILES}; each with its path and its {@code content} or {@code sealedContent}
 */
@JsonPropertyOrder({
  "v",
  "id",
  "node",
  "op",
  "command",
  "path",
  "content",
  "issuer",
  "issuedAt",
  "expiresAt",
  "socket",
  "sealedContent",
  "files"
})
public record Command(
    int v,
    String id,
    String node,
    Op op,
    String command,
    String path,
    String content,
    String issuer,
    long issuedAt,
    long expiresAt,
    String socket,
    String sealedContent,
    List<FileContent> files) {
  public static final int VERSION = 1;
  public static final int MAX_ID_CHARS = 256;

  /**
   * Most files in one {@code files.put}: the gateway checks and writes them in one go, and the
   * whole command must fit in one Kafka record.
   */
  public static final int MAX_FILES = 1000;

  /** One file of a {@code files.put}: as a {@code file.put}'s path, content and sealedContent. */
  public record FileContent(String path, String content, String sealedContent) {
    /** Whether the file text travels sealed, in {@code sealedContent}. */
    public boolean sealed() {
      return sealedContent != null;
    }
  }

  /** The operations a gateway performs; both API forms run as bgapi so events keep flowing. */
  public enum Op {
    API("api"),
    BGAPI("bgapi"),
    FILE_PUT("file.put"),
    FILES_PUT("files.put"),
    FILE_DELETE("file.delete");

    private final String wire;

    Op(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @JsonCreator
    public static Op fromWire(String value) {
      for (Op op : values()) {
        if (op.wire.equals(value)) {
          return op;
        }
      }
      throw new IllegalArgumentException(
          "unknown op '" + value + "' (expected api, bgapi, file.put, files.put or file.delete)");
    }

    public boolean isApi() {
      return this == API || this == BGAPI;
    }
  }

  public static Command api(
      String id, String node, String command, String issuer, long issuedAt, long expiresAt) {
    return new Command(
        VERSION, id, node, Op.API, command, null, null, issuer, issuedAt, expiresAt, null, null,
        null);
  }

  public static Command filePut(
      String id,
      String node,
      String path,
      String content,
      String issuer,
      long issuedAt,
      long expiresAt) {
    return new Command(
        VERSION,
        id,
        node,
        Op.FILE_PUT,
        null,
        path,
        content,
        issuer,
        issuedAt,
        expiresAt,
        null,
        null,
        null);
  }

  /** A {@code file.put} whose content is already sealed ({@code sealedContent}). */
  public static Command sealedFilePut(
      String id,
      String node,
      String path,
      String sealedContent,
      String issuer,
      long issuedAt,
      long expiresAt) {
    return new Command(
        VERSION,
        id,
        node,
        Op.FILE_PUT,
        null,
        path,
        null,
        issuer,
        issuedAt,
        expiresAt,
        null,
        sealedContent,
        null);
  }

  /** Whether the file text travels sealed, in {@code sealedContent}. */
  public boolean sealed() {
    return sealedContent != null;
  }

  /**
   * A {@code files.put}: {@code files} written all or none, in one command with one result.
   *
   * @param files each with its {@code content} or {@code sealedContent}
   */
  public static Command filesPut(
      String id,
      String node,
      List<FileContent> files,
      String issuer,
      long issuedAt,
      long expiresAt) {
    return new Command(
        VERSION,
        id,
        node,
        Op.FILES_PUT,
        null,
        null,
        null,
        issuer,
        issuedAt,
        expiresAt,
        null,
        null,
        List.copyOf(files));
  }

  public static Command fileDelete(
      String id, String node, String path, String issuer, long issuedAt, long expiresAt) {
    return new Command(
        VERSION,
        id,
        node,
        Op.FILE_DELETE,
        null,
        path,
        null,
        issuer,
        issuedAt,
        expiresAt,
        null,
        null,
        null);
  }

  /**
   * What is wrong with this envelope, each problem naming the field; empty when it is well-formed.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (v != VERSION) {
      problems.add("v must be " + VERSION + ", got " + v);
    }
    if (blank(id)) {
      problems.add("id is missing");
    } else if (id.length() > MAX_ID_CHARS || !id.codePoints().allMatch(Command::visible)) {
      // The id keys the result and is journaled and logged: one visible word, no line breaks.
      problems.add(
          "id must be 1-" + MAX_ID_CHARS + " characters without spaces or control characters");
    }
    if (issuer != null
        && (issuer.length() > MAX_ID_CHARS
            || !issuer.codePoints().allMatch(c -> c == ' ' || visible(c)))) {
      problems.add(
          "issuer must be at most " + MAX_ID_CHARS + " characters without control characters");
    }
    if (blank(node)) {
      problems.add("node is missing");
    }
    if (op == null) {
      problems.add("op is missing");
    } else if (op.isApi()) {
      if (blank(command)) {
        problems.add("command is missing for op " + op.wire());
      } else if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
        // A line break would let one command smuggle a second ESL command or header.
        problems.add("command must be a single line");
      }
    } else if (op == Op.FILES_PUT) {
      filesProblems(problems);
    } else {
      if (blank(path)) {
        problems.add("path is missing for op " + op.wire());
      }
      if (op == Op.FILE_PUT && content == null && sealedContent == null) {
        problems.add("content is missing for op file.put");
      }
      if (content != null && sealedContent != null) {
        problems.add("content and sealedContent are both set: send one of them");
      }
    }
    if (op != null && op != Op.FILE_PUT && sealedContent != null) {
      problems.add("sealedContent is only for op file.put");
    }
    if (op != null && op != Op.FILES_PUT && files != null) {
      problems.add("files is only for op files.put");
    }
    if (expiresAt <= 0) {
      problems.add("expiresAt is missing");
    }
    return problems;
  }

  /** A {@code files.put} carries its files in {@code files} only, each complete. */
  private void filesProblems(List<String> problems) {
    if (path != null || content != null) {
      problems.add("path and content are for op file.put; op files.put carries them in files");
    }
    if (files == null || files.isEmpty()) {
      problems.add("files is missing or empty for op files.put");
      return;
    }
    if (files.size() > MAX_FILES) {
      problems.add("files holds " + files.size() + " files, more than the limit of " + MAX_FILES);
      return;
    }
    for (int i = 0; i < files.size(); i++) {
      FileContent file = files.get(i);
      if (file == null || blank(file.path())) {
        problems.add("files[" + i + "].path is missing");
      } else if (file.content() == null && file.sealedContent() == null) {
        problems.add("files[" + i + "] (" + file.path() + "): content is missing");
      } else if (file.content() != null && file.sealedContent() != null) {
        problems.add(
            "files["
                + i
                + "] ("
                + file.path()
                + "): content and sealedContent are both set: send one of them");
      }
    }
  }

  /** Not a space, not a control character, not a line or paragraph separator. */
  private static boolean visible(int c) {
    return !Character.isWhitespace(c) && !Character.isISOControl(c) && !Character.isSpaceChar(c);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
