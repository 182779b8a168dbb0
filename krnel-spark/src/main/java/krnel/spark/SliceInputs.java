package krnel.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.runner.Inputs;
import krnel.runner.LocalStore;
import krnel.runner.Progress;
import krnel.runner.Result;
import krnel.runner.Store;
import krnel.store.ParquetResultReader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A task's view of the op's inputs: the row-aligned ones cut to its slice (from the store, or as the
 * driver sent them), the others whole. The implementation cannot tell it from the local runner's.
 */
final class SliceInputs implements Inputs, AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final OpSpec op;
  private final OpTask task;
  private final SliceWork work;
  private final BufferAllocator allocator;
  private final Map<String, VectorSchemaRoot> tables = new HashMap<>();

  SliceInputs(OpSpec op, OpTask task, SliceWork work, BufferAllocator allocator) {
    this.op = op;
    this.task = task;
    this.work = work;
    this.allocator = allocator;
  }

  @Override
  public VectorSchemaRoot table(OpSpec input) {
    VectorSchemaRoot table = tables.get(input.uuid());
    if (table == null) {
      table = load(input);
      tables.put(input.uuid(), table);
    }
    return table;
  }

  private VectorSchemaRoot load(OpSpec input) {
    byte[] rows = work.shippedRows().get(input.uuid());
    if (rows != null) {
      return ArrowBytes.read(rows, allocator);
    }
    if (task.storedInputs().contains(input.uuid())) {
      return fromStore(input);
    }
    ShippedInput whole = task.wholeInputs().value().get(input.uuid());
    if (whole == null || !whole.isTable()) {
      throw new IllegalStateException(op.wireName() + " reads " + describe(input) + " as a table, but "
          + (whole == null ? "its implementation declares it neither row-aligned nor broadcast (RowWise)" : "its result is JSON"));
    }
    return ArrowBytes.read(whole.arrow(), allocator);
  }

  /** The slice's rows of a stored input: a directory store's file is streamed from the row group holding the slice's first row. */
  private VectorSchemaRoot fromStore(OpSpec input) {
    Store store = ExecutorJvm.store(task.storeUri());
    long from = work.slice().from();
    int rows = (int) work.slice().rows();
    try {
      if (store instanceof LocalStore local) {
        String[] parts = Store.split(input.uuid());
        Path file = local.root().resolve(parts[0]).resolve(parts[1]).resolve("result.parquet");
        if (!store.hasResult(input.uuid()) || !Files.isRegularFile(file)) {
          throw new IOException("no stored table result for " + input.uuid() + " in " + store.uri());
        }
        try (ParquetResultReader reader = ParquetResultReader.open(file, allocator, Math.max(1, rows))) {
          return copyRows(reader, from, rows);
        }
      }
      try (Result result = store.readResult(input, allocator)) {
        if (!(result instanceof Result.Table table)) {
          throw new IllegalStateException(op.wireName() + " reads " + describe(input) + " as a table, but its result is JSON");
        }
        return slice(table.root(), from, rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read rows " + from + " to " + (from + rows) + " of " + input.uuid()
          + " from " + store.uri() + ": " + e.getMessage(), e);
    }
  }

  private VectorSchemaRoot copyRows(ParquetResultReader reader, long from, int rows) throws IOException {
    VectorSchemaRoot out = VectorSchemaRoot.create(reader.getVectorSchemaRoot().getSchema(), allocator);
    out.allocateNew();
    long batchStart = reader.skipRowGroupsBefore(from); // earlier row groups are not even read
    int filled = 0;
    while (filled < rows && reader.loadNextBatch()) {
      VectorSchemaRoot batch = reader.getVectorSchemaRoot();
      int count = batch.getRowCount();
      long first = Math.max(from + filled, batchStart);
      long last = Math.min(from + rows, batchStart + count);
      if (first < last) {
        if (filled == 0 && first == batchStart && last == batchStart + count) {
          out.close();
          return transfer(batch); // the usual case: the slice is exactly one batch
        }
        for (int i = 0; i < out.getFieldVectors().size(); i++) {
          FieldVector target = out.getFieldVectors().get(i);
          FieldVector source = batch.getFieldVectors().get(i);
          for (long row = first; row < last; row++) {
            target.copyFromSafe((int) (row - batchStart), filled + (int) (row - first), source);
          }
        }
        filled += (int) (last - first);
      }
      batchStart += count;
    }
    out.setRowCount(filled);
    if (filled != rows) {
      out.close();
      throw new IOException("the result has " + batchStart + " rows, fewer than the slice's end " + (from + rows));
    }
    return out;
  }

  private VectorSchemaRoot transfer(VectorSchemaRoot batch) {
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector vector : batch.getFieldVectors()) {
      var pair = vector.getTransferPair(allocator);
      pair.transfer();
      vectors.add((FieldVector) pair.getTo());
    }
    return new VectorSchemaRoot(batch.getSchema(), vectors, batch.getRowCount());
  }

  private VectorSchemaRoot slice(VectorSchemaRoot whole, long from, int rows) {
    return ArrowBytes.read(ArrowBytes.write(whole, from, from + rows), allocator);
  }

  @Override
  public JsonNode json(OpSpec input) {
    ShippedInput whole = task.wholeInputs().value().get(input.uuid());
    if (whole == null || whole.isTable()) {
      throw new IllegalStateException(op.wireName() + " reads " + describe(input) + " as JSON, but "
          + (whole == null ? "its implementation declares it neither row-aligned nor broadcast (RowWise)" : "its result is a table"));
    }
    try {
      return MAPPER.readTree(whole.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BufferAllocator allocator() {
    return allocator;
  }

  /** Executors draw no bars: the driver's bar counts the rows of finished slices. */
  @Override
  public Progress progress(String what, long total) {
    return Progress.silent(op.wireName() + ": " + what, total);
  }

  @Override
  public String describe(OpSpec input) {
    return InputNames.describe(op, input);
  }

  @Override
  public void close() {
    tables.values().forEach(VectorSchemaRoot::close);
    tables.clear();
  }
}
