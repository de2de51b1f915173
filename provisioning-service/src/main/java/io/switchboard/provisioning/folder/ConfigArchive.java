package io.switchboard.provisioning.folder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The managed files of a part of the configuration folder as a gzipped tarball (the connector's
 * store and restore), entries named by their path in the configuration folder ({@code
 * directory/team/20000.xml}). Reading trusts nothing in the archive: an entry is accepted only as a
 * plain managed file, inside the folder being restored, within the size limits, holding XML that
 * FreeSWITCH's parser takes and no preprocessor directive. Blocking: call from a worker.
 */
public final class ConfigArchive {
  /** Largest file accepted from an archive; a user or extension file is well under 1 KiB. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Largest sum of the files of one archive: 100,000 users at ~1 KiB, with room to spare. */
  public static final long MAX_TOTAL_BYTES = 256L << 20;

  /** Most entries one archive may hold (directories included). */
  public static final int MAX_ENTRIES = 250_000;

  /** What a relative path of the folder may hold, segment by segment (no "..", no "/" first). */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

  private ConfigArchive() {}

  /** An archive that is not restored, with the reason naming the entry. */
  public static final class Unsound extends Exception {
    private static final long serialVersionUID = 1L;

    Unsound(String message) {
      super(message);
    }
  }

  /** Writes {@code files} (relative path to text) as a gzipped tarball to {@code out}. */
  public static void write(Map<String, String> files, OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      // Paths of the managed folders can exceed ustar's 100 characters with long context names.
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(bytes.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
  }

  /**
   * The files of a gzipped tarball, each of which must be a managed file of one of {@code folders},
   * all of them under {@code prefix} (empty: the whole configuration folder).
   *
   * @throws Unsound naming the first entry that is not acceptable, or the archive's corruption
   */
  public static SortedMap<String, String> read(InputStream in, String prefix, Set<String> folders)
      throws Unsound {
    SortedMap<String, String> files = new TreeMap<>();
    long total = 0;
    int count = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (++count > MAX_ENTRIES) {
          throw new Unsound("the archive holds more than " + MAX_ENTRIES + " entries");
        }
        String name = checkedName(entry, prefix);
        if (entry.isDirectory()) {
          continue;
        }
        String folder = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
        if (!folders.contains(folder) || !name.endsWith(".xml")) {
          throw new Unsound(
              "entry '" + name + "': not a managed file (one of " + folders + ", *.xml)");
        }
        if (files.containsKey(name)) {
          throw new Unsound("entry '" + name + "': twice in the archive");
        }
        byte[] bytes = boundedContent(tar, name);
        total += bytes.length;
        if (total > MAX_TOTAL_BYTES) {
          throw new Unsound("the archive's files exceed " + MAX_TOTAL_BYTES + " bytes");
        }
        String text = utf8(bytes, name);
        checkXml(text, name);
        files.put(name, text);
      }
    } catch (IOException e) {
      throw new Unsound("not a readable .tar.gz: " + e.getMessage());
    }
    if (files.isEmpty()) {
      // A truncated or mistaken archive must not empty the folder on every node.
      throw new Unsound("the archive holds no managed file");
    }
    return files;
  }

  /**
   * The entry's path if it is a plain file or a directory inside {@code prefix}: links, devices and
   * FIFOs are refused whatever their name, as are absolute paths and "..".
   */
  private static String checkedName(TarArchiveEntry entry, String prefix) throws Unsound {
    String raw = entry.getName();
    String name = raw.startsWith("./") ? raw.substring(2) : raw;
    if (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    // isFile() is true for every type but a directory (links and devices too): the type byte says.
    byte type = entry.getLinkFlag();
    boolean plain = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
    if (!plain && !entry.isDirectory() || entry.isSparse()) {
      throw new Unsound("entry '" + raw + "': not a plain file (link, device or FIFO)");
    }
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new Unsound("entry '" + raw + "': not a plain relative path inside " + prefix + "/");
      }
    }
    boolean inside =
        prefix.isEmpty()
            || name.startsWith(prefix + "/")
            || (entry.isDirectory() && name.equals(prefix));
    if (!inside) {
      throw new Unsound("entry '" + raw + "': outside " + prefix + "/");
    }
    return name;
  }

  /** Reads at most one byte past the limit, whatever size the header claims. */
  private static byte[] boundedContent(InputStream tar, String name) throws IOException, Unsound {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = tar.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_FILE_BYTES) {
        throw new Unsound("entry '" + name + "': larger than " + MAX_FILE_BYTES + " bytes");
      }
    }
    return out.toByteArray();
  }

  private static String utf8(byte[] bytes, String name) throws Unsound {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unsound("entry '" + name + "': not UTF-8");
    }
  }

  /**
   * FreeSWITCH's preprocessor acts on {@code <X-PRE-PROCESS} before any XML is parsed
   * (switch_xml.c, preprocess()), so a directive in a restored file would run on every node: none
   * is accepted (the gateways refuse them too). Then the file must be well-formed XML, which is
   * what switch_xml_parse_str demands; a DOCTYPE is refused (it is no part of FreeSWITCH's files
   * and would let an entity expand).
   */
  private static void checkXml(String text, String name) throws Unsound {
    if (text.toUpperCase(Locale.ROOT).contains("X-PRE-PROCESS")) {
      throw new Unsound("entry '" + name + "': holds an X-PRE-PROCESS directive");
    }
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory
          .newSAXParser()
          .parse(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              new DefaultHandler());
    } catch (SAXException e) {
      throw new Unsound("entry '" + name + "': not well-formed XML: " + e.getMessage());
    } catch (ParserConfigurationException | IOException e) {
      throw new IllegalStateException("the JDK's XML parser failed", e);
    }
  }
}
