package krnel.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import krnel.graph.OpSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A store in this process's memory, for tests and throw-away work ({@code memory:<name>}). Statuses
 * are kept as their JSON, so they go through the same serialization as on disk; tables are kept as
 * Arrow vectors and shared, not copied, with readers.
 */
public final class MemoryStore implements Store {
  private final String uri;
  private final BufferAllocator allocator;
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private final Map<String, Result> results = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** @param allocator the runner's allocator: stored tables live in it */
  public MemoryStore(String uri, BufferAllocator allocator) {
    this.uri = uri;
    this.allocator = allocator;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public Optional<OpStatus> readStatus(String uuid) {
    Store.split(uuid);
    String json = statuses.get(uuid);
    return json == null ? Optional.empty() : Optional.of(OpStatus.fromJson(json));
  }

  @Override
  public void writeStatus(OpStatus status) {
    statuses.put(status.op().uuid(), status.toJson());
  }

  @Override
  public boolean hasResult(String uuid) {
    return results.containsKey(uuid);
  }

  @Override
  public void writeResult(OpSpec op, Result result) {
    if (result instanceof Result.Batches) {
      throw new UnsupportedOperationException(op.wireName() + " streams its result batch by batch, for results larger than"
          + " memory; store it in a directory store (Runner.open(\"/path\")), not " + uri);
    }
    Result kept = result instanceof Result.Table ? Result.table(share(((Result.Table) result).root())) : result;
    Result previous = results.put(op.uuid(), kept);
    if (previous != null) {
      previous.close();
    }
  }

  @Override
  public Result readResult(OpSpec op, BufferAllocator readerAllocator) {
    Result result = results.get(op.uuid());
    if (result == null) {
      throw new IllegalStateException("No result for " + op.uuid() + " in " + uri);
    }
    return result instanceof Result.Table ? Result.table(share(((Result.Table) result).root())) : result;
  }

  /** A new root over the same buffers (reference counted), so either side may be closed first. */
  private VectorSchemaRoot share(VectorSchemaRoot root) {
    return root.getRowCount() == 0 ? VectorSchemaRoot.create(root.getSchema(), allocator) : root.slice(0, root.getRowCount());
  }

  @Override
  public Lock lock(OpSpec op) {
    ReentrantLock lock = locks.computeIfAbsent(op.uuid(), uuid -> new ReentrantLock());
    lock.lock();
    return lock::unlock;
  }

  @Override
  public List<String> uuids() {
    List<String> uuids = new ArrayList<>(statuses.keySet());
    Collections.sort(uuids);
    return uuids;
  }

  @Override
  public void close() {
    results.values().forEach(Result::close);
    results.clear();
  }
}
