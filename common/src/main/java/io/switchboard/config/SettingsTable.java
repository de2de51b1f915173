package io.switchboard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The Markdown table of a service's declared settings, kept in a document between the lines {@code
 * <!-- settings:NAME -->} and {@code <!-- /settings:NAME -->}. Tests compare the block with the
 * declarations, so a setting cannot be undocumented or documented but undeclared; run them with
 * {@code -Dsettings.docs.write=true} to rewrite the block from the declarations.
 */
public final class SettingsTable {
  private SettingsTable() {}

  public static String markdown(List<Setting<?>> declared) {
    StringBuilder out = new StringBuilder("| setting | default | meaning |\n|---|---|---|\n");
    for (Setting<?> s : declared) {
      String name =
          switch (s.kind()) {
            case REPEATED -> "`" + s.name() + "`, `" + s.name() + "_1`, ...";
            case PREFIX -> "`" + s.name() + "*`";
            case SINGLE -> "`" + s.name() + "`";
          };
      String fallback =
          s.isRequired()
              ? "required"
              : s.defaultValue().map(d -> d.isEmpty() ? "none" : "`" + d + "`").orElse("unset");
      out.append("| ")
          .append(name)
          .append(" | ")
          .append(fallback)
          .append(" | ")
          .append(s.isSecret() ? "secret: " : "")
          .append(s.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  /** The block for {@code service} in {@code doc}, or a message saying the markers are missing. */
  public static String documented(Path doc, String service) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int[] span = span(text, service, doc);
    return text.substring(span[0], span[1]);
  }

  /** Rewrites the block for {@code service} in {@code doc} from the declarations (atomically). */
  public static void write(Path doc, String service, List<Setting<?>> declared) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int[] span = span(text, service, doc);
    String updated = text.substring(0, span[0]) + markdown(declared) + text.substring(span[1]);
    Path tmp = doc.resolveSibling(doc.getFileName() + ".tmp");
    Files.writeString(tmp, updated, StandardCharsets.UTF_8);
    Files.move(tmp, doc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * For a service's docs test: rewrites the block first when {@code -Dsettings.docs.write=true},
   * then returns what differs between the block and the declarations, or empty when they agree.
   */
  public static Optional<String> differences(Path doc, String service, List<Setting<?>> declared)
      throws IOException {
    if (Boolean.getBoolean("settings.docs.write")) {
      write(doc, service, declared);
    }
    String expected = markdown(declared);
    String documented = documented(doc, service);
    return expected.equals(documented)
        ? Optional.empty()
        : Optional.of(
            doc
                + " differs from the declared settings of "
                + service
                + "; rewrite it with -Dsettings.docs.write=true.\nDeclared:\n"
                + expected
                + "\nDocumented:\n"
                + documented);
  }

  private static int[] span(String text, String service, Path doc) {
    String open = "<!-- settings:" + service + " -->\n";
    String close = "<!-- /settings:" + service + " -->";
    int start = text.indexOf(open);
    int end = text.indexOf(close);
    if (start < 0 || end < start) {
      throw new IllegalStateException(doc + " has no block " + open.trim() + " ... " + close);
    }
    return new int[] {start + open.length(), end};
  }
}
