package krnel.runner;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * Results kept in memory, least recently used first out, within a byte budget. Ephemeral results
 * live only here; evicting one means it is recomputed when next needed.
 */
final class ResultCache implements AutoCloseable {
  private final long maxBytes;
  private final LinkedHashMap<String, Result> results = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  ResultCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized Result get(String uuid) {
    return results.get(uuid);
  }

  /** Keeps {@code result}, which the cache now owns, evicting older results beyond the budget. */
  synchronized void put(String uuid, Result result) {
    Result previous = results.put(uuid, result);
    if (previous != null) {
      bytes -= size(previous);
      previous.close();
    }
    bytes += size(result);
    Iterator<Map.Entry<String, Result>> oldest = results.entrySet().iterator();
    while (bytes > maxBytes && results.size() > 1 && oldest.hasNext()) {
      Map.Entry<String, Result> entry = oldest.next();
      if (entry.getKey().equals(uuid)) {
        continue;
      }
      bytes -= size(entry.getValue());
      entry.getValue().close();
      oldest.remove();
    }
  }

  synchronized void remove(String uuid) {
    Result removed = results.remove(uuid);
    if (removed != null) {
      bytes -= size(removed);
      removed.close();
    }
  }

  private static long size(Result result) {
    if (!(result instanceof Result.Table)) {
      return 1024;
    }
    long total = 0;
    for (FieldVector vector : ((Result.Table) result).root().getFieldVectors()) {
      total += vector.getBufferSize();
    }
    return total;
  }

  @Override
  public synchronized void close() {
    results.values().forEach(Result::close);
    results.clear();
    bytes = 0;
  }
}
