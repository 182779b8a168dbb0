package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import krnel.graph.OpSpec;
import krnel.store.ParquetResultReader;
import krnel.store.ParquetResultWriter;
import krnel.store.ParquetWriteOptions;
import krnel.store.ParquetResults;
import org.apache.arrow.memory.BufferAllocator;

/** A store in a local directory, shared safely by several processes. */
public final class LocalStore implements Store {
  static final String STATUS = "status.json";
  static final String PARQUET = "result.parquet";
  static final String JSON = "result.json";
  static final String DONE = "done";
  private static final String LOCK = ".lock";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The results are forced to disk before they are renamed into place: the writer starts that early. */
  private static final ParquetWriteOptions WRITE_OPTIONS = ParquetWriteOptions.defaults().withSyncBehind(true);

  /** File locks are per process; threads of this process wait on these first. */
  private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final String uri;

  /**
   * @throws IllegalArgumentException if {@code root}, or the nearest of its parents that exists, is
   *     not a directory: nothing could ever be stored, so this fails up front, naming the path
   */
  public LocalStore(Path root, String uri) {
    this.root = root.toAbsolutePath().normalize();
    this.uri = uri;
    Path existing = nearestExisting(this.root);
    if (existing != null && !Files.isDirectory(existing)) {
      throw new IllegalArgumentException("The store " + this.root + (existing.equals(this.root) ? " is a file, not a directory"
          : " cannot be a directory: " + existing + " is a file") + "; give a directory (or a path that does not exist yet)"
          + " as the store");
    }
  }

  private static Path nearestExisting(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  public Path root() {
    return root;
  }

  @Override
  public String uri() {
    return uri;
  }

  private Path dir(String uuid) {
    String[] parts = Store.split(uuid);
    return root.resolve(parts[0]).resolve(parts[1]);
  }

  @Override
  public Optional<OpStatus> readStatus(String uuid) throws IOException {
    Path file = dir(uuid).resolve(STATUS);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return Optional.of(OpStatus.fromJson(text));
    } catch (RuntimeException e) {
      throw new IOException("The status file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public void writeStatus(OpStatus status) throws IOException {
    Path dir = dir(status.op().uuid());
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(STATUS), status.toJson().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean hasResult(String uuid) {
    return Files.isRegularFile(dir(uuid).resolve(DONE));
  }

  @Override
  public void writeResult(OpSpec op, Result result) throws IOException {
    Path dir = dir(op.uuid());
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(DONE)); // a replaced result is incomplete until the new one is in
    if (result instanceof Result.Table || result instanceof Result.Batches) {
      Path temp = temporary(dir.resolve(PARQUET));
      try {
        if (result instanceof Result.Table) {
          ParquetResults.write(temp, ((Result.Table) result).root(), WRITE_OPTIONS);
        } else {
          writeBatches(temp, (Result.Batches) result);
        }
        sync(temp);
        move(temp, dir.resolve(PARQUET));
        syncDirectory(dir); // the renamed result reaches the disk before done can
      } finally {
        Files.deleteIfExists(temp);
      }
      Files.deleteIfExists(dir.resolve(JSON));
    } else {
      writeAtomically(dir.resolve(JSON), MAPPER.writeValueAsBytes(((Result.Json) result).document()));
      Files.deleteIfExists(dir.resolve(PARQUET));
    }
    writeAtomically(dir.resolve(DONE), DONE.getBytes(StandardCharsets.US_ASCII));
  }

  /** Copies {@code parquet} beside the result, then renames it into place as {@link #writeResult} does. */
  @Override
  public void writeResultFile(OpSpec op, Path parquet) throws IOException {
    ParquetResults.checkFooter(parquet);
    Path dir = dir(op.uuid());
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(DONE));
    Path temp = temporary(dir.resolve(PARQUET));
    try {
      Files.copy(parquet, temp); // a copy, not a move: the file may be on another file system
      sync(temp);
      move(temp, dir.resolve(PARQUET));
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
    Files.deleteIfExists(dir.resolve(JSON));
    writeAtomically(dir.resolve(DONE), DONE.getBytes(StandardCharsets.US_ASCII));
  }

  private static void writeBatches(Path file, Result.Batches batches) throws IOException {
    try (ParquetResultWriter writer = ParquetResultWriter.open(file, batches.schema(), WRITE_OPTIONS)) {
      batches.producer().produce(writer::write);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Producing the batches of " + file.getParent().getFileName() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a stored table batch by batch, for results too large to hold at once; {@code sink} sees
   * each batch only during its call.
   */
  public void forEachBatch(OpSpec op, BufferAllocator allocator, Result.BatchSink sink) throws IOException {
    Path parquet = dir(op.uuid()).resolve(PARQUET);
    if (!hasResult(op.uuid()) || !Files.isRegularFile(parquet)) {
      throw new IOException("No stored table result for " + op.uuid() + " in " + uri);
    }
    try (ParquetResultReader reader = ParquetResultReader.open(parquet, allocator)) {
      while (reader.loadNextBatch()) {
        sink.accept(reader.getVectorSchemaRoot());
      }
    }
  }

  @Override
  public Result readResult(OpSpec op, BufferAllocator allocator) throws IOException {
    Path dir = dir(op.uuid());
    if (!hasResult(op.uuid())) {
      throw new IOException("No complete result for " + op.uuid() + " in " + uri);
    }
    Path parquet = dir.resolve(PARQUET);
    if (Files.isRegularFile(parquet)) {
      return Result.table(ParquetResults.read(parquet, allocator));
    }
    Path json = dir.resolve(JSON);
    if (Files.isRegularFile(json)) {
      return Result.json(MAPPER.readTree(json.toFile()));
    }
    throw new IOException("The result of " + op.uuid() + " is marked done but " + dir
        + " holds neither " + PARQUET + " nor " + JSON + " (a pickled result from the Python library?)");
  }

  @Override
  public Lock lock(OpSpec op) throws IOException {
    Path dir = dir(op.uuid());
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(LOCK);
    ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    threadLock.lock();
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      removeStaleResultTemporaries(dir);
      return held(fileLock, channel, threadLock);
    } catch (IOException | RuntimeException e) {
      threadLock.unlock();
      throw e;
    }
  }

  @Override
  public Optional<Lock> tryLock(OpSpec op) throws IOException {
    Path dir = dir(op.uuid());
    if (!Files.isDirectory(dir)) {
      return Optional.of(() -> {}); // nothing of the op is stored, so nobody computes it here
    }
    Path lockFile = dir.resolve(LOCK);
    ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    if (threadLock.isHeldByCurrentThread() || !threadLock.tryLock()) {
      return Optional.empty();
    }
    try {
      FileChannel channel;
      boolean shared = false;
      try {
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      } catch (FileSystemException e) {
        if (!Files.exists(lockFile)) { // a read-only store that no runner of ours ever locked
          return Optional.of(threadLock::unlock);
        }
        channel = FileChannel.open(lockFile, StandardOpenOption.READ); // read-only: a shared lock still probes
        shared = true;
      }
      FileLock fileLock = channel.tryLock(0, Long.MAX_VALUE, shared);
      if (fileLock == null) {
        channel.close();
        threadLock.unlock();
        return Optional.empty();
      }
      if (!shared) {
        removeStaleResultTemporaries(dir); // as lock() does: the next to hold the lock cleans up
      }
      return Optional.of(held(fileLock, channel, threadLock));
    } catch (IOException | RuntimeException e) {
      threadLock.unlock();
      throw e;
    }
  }

  /** A held lock: releasing it lets go of the file lock, its channel, then this process's thread lock. */
  private static Lock held(FileLock fileLock, FileChannel channel, ReentrantLock threadLock) {
    return () -> {
      try {
        fileLock.release();
        channel.close();
      } finally {
        threadLock.unlock();
      }
    };
  }

  @Override
  public void checkWritable() throws IOException {
    Path existing = nearestExisting(root);
    if (existing != null && !Files.isWritable(existing)) {
      throw new IOException("The store " + root + " is read-only (" + (existing.equals(root) ? "" : existing + ", where it"
          + " would be made, ") + "cannot be written" + (Files.isDirectory(existing) ? "" : ": it is a file") + ");"
          + " results can be read from it but not computed into it: choose a writable directory as the store");
    }
  }

  @Override
  public List<String> uuids() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> uuids = new ArrayList<>();
    try (DirectoryStream<Path> types = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path type : types) {
        try (DirectoryStream<Path> ops = Files.newDirectoryStream(type, p -> Files.isRegularFile(p.resolve(STATUS)))) {
          for (Path op : ops) {
            uuids.add(type.getFileName() + "_" + op.getFileName());
          }
        }
      }
    }
    Collections.sort(uuids);
    return uuids;
  }

  @Override
  public void close() {}

  /**
   * Results are written only under the op's lock, so with the lock held, a result temporary is
   * what a killed writer left behind (it can be hundreds of MB). Statuses are also written outside
   * the lock: a status temporary is removed only when its name says a process of this machine wrote
   * it that is gone.
   */
  private static void removeStaleResultTemporaries(Path dir) {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> {
      String name = p.getFileName().toString();
      return name.startsWith("." + PARQUET + ".tmp-") || name.startsWith("." + JSON + ".tmp-")
          || name.startsWith("." + DONE + ".tmp-") || name.startsWith("." + STATUS + ".tmp-") && writerIsGone(name);
    })) {
      for (Path file : stale) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // best effort: a temporary that cannot be removed is only wasted space, never read
    }
  }

  /** Written, synced, renamed, and the rename synced: durable through a machine crash, not only a process kill. */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = temporary(target);
    try {
      Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      move(temp, target);
      syncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Flushes a file's data to the disk. */
  private static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Flushes a directory's entries (renames) to the disk, as databases and Git do; file systems
   * that cannot open a directory for this (Windows) keep only the rename's own guarantees.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported here: nothing more can be done portably
    }
  }

  /**
   * A sibling name no other writer uses, {@code .<name>.tmp-<pid>@<host>.<random>}; readers ignore it
   * because it is not one of the known names.
   */
  private static Path temporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp-" + ThisProcess.PID + "@" + ThisProcess.HOST + "."
        + UUID.randomUUID().toString().replace("-", ""));
  }

  /** Whether the temporary named {@code name} was written by a process of this machine that is gone. */
  private static boolean writerIsGone(String name) {
    String writer = name.substring(name.indexOf(".tmp-") + ".tmp-".length());
    int at = writer.indexOf('@');
    int dot = writer.lastIndexOf('.');
    if (at <= 0 || dot <= at) {
      return false; // not our pattern: leave it
    }
    try {
      return !ThisProcess.mayBeAlive(Long.parseLong(writer.substring(0, at)), writer.substring(at + 1, dot));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new UncheckedIOException("The store's file system cannot rename atomically: " + from.getParent(), e);
    }
  }
}
