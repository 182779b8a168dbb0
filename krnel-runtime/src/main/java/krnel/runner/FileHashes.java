package krnel.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Content fingerprints of external inputs: the sha256 that identifies a dataset or model file. */
public final class FileHashes {
  private FileHashes() {}

  /** A digest and the file state it was computed for. */
  private record Stamped(long size, FileTime modified, Object fileKey, String sha256) {}

  private static final Map<Path, Stamped> DIGESTS = new ConcurrentHashMap<>();

  /**
   * {@link #sha256(Path)}, remembered for this JVM per (real path, size, modification time, file
   * key): a large model file is read once, and again only after it changes.
   */
  public static String cachedSha256(Path file) throws IOException {
    Path real = file.toRealPath();
    BasicFileAttributes before = Files.readAttributes(real, BasicFileAttributes.class);
    Stamped known = DIGESTS.get(real);
    if (known != null && known.size() == before.size() && known.modified().equals(before.lastModifiedTime())
        && Objects.equals(known.fileKey(), before.fileKey())) {
      return known.sha256();
    }
    String digest = sha256(real);
    BasicFileAttributes after = Files.readAttributes(real, BasicFileAttributes.class);
    if (after.size() == before.size() && after.lastModifiedTime().equals(before.lastModifiedTime())) {
      // not remembered if the file changed while it was read
      DIGESTS.put(real, new Stamped(after.size(), after.lastModifiedTime(), after.fileKey(), digest));
    }
    return digest;
  }

  /** The lower-case hex sha256 of the file's bytes, read in 1 MiB chunks. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      byte[] buffer = new byte[1 << 20];
      while (in.read(buffer) >= 0) {
        // the digest sees every byte
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
