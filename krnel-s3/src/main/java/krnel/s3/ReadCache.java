package krnel.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import krnel.runner.Store;

/**
 * The local read cache of one bucket store (the reference's {@code LocalCachedRunner}): results
 * and completed statuses fetched once, mirroring the store's layout under
 * {@code <cache dir>/s3/<bucket>/<prefix>/}. Each cached result sits beside a copy of the
 * {@code done} it was verified against, and is used only while the store's {@code done} is still
 * that one. Everything is written to a temporary name and renamed into place, so a reader never
 * sees half a file, and the whole folder can be deleted at any time.
 */
final class ReadCache {
  private static final String DONE = "done";
  private static final String STATUS = "status.json";

  private final Path root;

  ReadCache(Path cacheDir, S3Location location) {
    Path base = cacheDir.resolve("s3").resolve(location.bucket());
    this.root = location.prefix().isEmpty() ? base : base.resolve(location.prefix());
  }

  Path root() {
    return root;
  }

  private Path dir(String uuid) {
    String[] parts = Store.split(uuid);
    return root.resolve(parts[0]).resolve(parts[1]);
  }

  /** Where the cache keeps {@code file} of {@code uuid} (it may not be there). */
  Path path(String uuid, String file) {
    return dir(uuid).resolve(file);
  }

  /** A new temporary file where the result files are written or downloaded, on the cache's file system. */
  Path temporary() throws IOException {
    Path dir = root.resolve(".tmp");
    Files.createDirectories(dir);
    return dir.resolve(UUID.randomUUID().toString());
  }

  /** The cached copy of the result that {@code done} completes, if it is the one cached. */
  Optional<Path> result(String uuid, byte[] done, String file) {
    Path dir = dir(uuid);
    try {
      if (!Arrays.equals(Files.readAllBytes(dir.resolve(DONE)), done)) {
        return Optional.empty();
      }
      Path result = dir.resolve(file);
      return Files.isRegularFile(result) ? Optional.of(result) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // an unreadable cache is no cache
    }
  }

  /** Moves the verified {@code temporary} into the cache as the result completed by {@code done}. */
  Path putResult(String uuid, String file, Path temporary, byte[] done) throws IOException {
    Path dir = dir(uuid);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(DONE)); // the cached done goes last: it vouches for the file
    Path result = dir.resolve(file);
    move(temporary, result);
    writeAtomically(dir.resolve(DONE), done);
    return result;
  }

  /** Forgets the cached result of {@code uuid} (its done, so the file no longer counts). */
  void removeResult(String uuid) {
    try {
      Files.deleteIfExists(dir(uuid).resolve(DONE));
    } catch (IOException e) {
      // an unremovable done still never matches a new store done
    }
  }

  /** The cached status of {@code uuid}: only completed and ephemeral statuses are cached. */
  Optional<String> status(String uuid) {
    try {
      return Optional.of(Files.readString(dir(uuid).resolve(STATUS), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void putStatus(String uuid, String json) {
    try {
      Path dir = dir(uuid);
      Files.createDirectories(dir);
      writeAtomically(dir.resolve(STATUS), json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the cache is an optimization: the store keeps the status
    }
  }

  void removeStatus(String uuid) {
    try {
      Files.deleteIfExists(dir(uuid).resolve(STATUS));
    } catch (IOException e) {
      // see putStatus
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = temporary();
    try {
      Files.write(temp, bytes);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
