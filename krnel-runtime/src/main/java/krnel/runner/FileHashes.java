package krnel.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content fingerprints of external inputs: the sha256 that identifies a dataset file. */
public final class FileHashes {
  private FileHashes() {}

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
