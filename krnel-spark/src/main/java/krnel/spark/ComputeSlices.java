package krnel.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import krnel.graph.OpSpec;
import krnel.runner.OpImplementation;
import krnel.runner.Result;
import krnel.store.ParquetResultWriter;
import krnel.store.ParquetResults;
import krnel.store.ParquetWriteOptions;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The executor's side of a row-wise op: computes each slice of the partition with the op's own
 * implementation and writes it as a Parquet part named by slice and task attempt, so a retried or
 * speculative attempt never overwrites another's part; the driver takes the part of the attempt
 * Spark reports as successful.
 */
final class ComputeSlices implements FlatMapFunction<Iterator<SliceWork>, PartWritten> {
  private static final long serialVersionUID = 1L;

  private final OpTask task;

  ComputeSlices(OpTask task) {
    this.task = task;
  }

  @Override
  public Iterator<PartWritten> call(Iterator<SliceWork> slices) throws Exception {
    ExecutorJvm.layOutModelThreads(task.executorCores(), task.threadsPerTask());
    OpSpec op = ExecutorJvm.op(task.graphJson(), task.uuid());
    OpImplementation<OpSpec> implementation = ExecutorJvm.implementation(op, task.implementationClass());
    List<PartWritten> written = new ArrayList<>();
    while (slices.hasNext()) {
      SliceWork work = slices.next();
      Path part = Path.of(task.partsDirectory()).resolve(partName(work.slice().index()));
      Files.createDirectories(part.getParent());
      try (SliceInputs inputs = new SliceInputs(op, task, work, ExecutorJvm.allocator());
          Result result = implementation.compute(op, inputs)) {
        write(op, result, part, work.slice().rows());
      }
      task.rowsDone().add(work.slice().rows());
      written.add(new PartWritten(work.slice().index(), part.toString()));
    }
    return written.iterator();
  }

  private static String partName(int slice) {
    TaskContext context = TaskContext.get();
    String attempt = context == null ? "driver" : context.attemptNumber() + "-" + context.taskAttemptId();
    return String.format("part-%06d-attempt-%s.parquet", slice, attempt);
  }

  /** The part, as the store would write the slice's rows: same writer, same options. */
  private void write(OpSpec op, Result result, Path part, long rows) throws Exception {
    ParquetWriteOptions options = ParquetWriteOptions.defaults().withCompressionThreads(
        task.threadsPerTask() > 1 ? task.threadsPerTask() : 0);
    if (result instanceof Result.Table table) {
      checkRows(op, table.root().getRowCount(), rows);
      ParquetResults.write(part, table.root(), options);
    } else if (result instanceof Result.Batches batches) {
      try (ParquetResultWriter writer = ParquetResultWriter.open(part, batches.schema(), options)) {
        batches.producer().produce(writer::write);
        checkRows(op, writer.rowsWritten(), rows);
      }
    } else {
      throw new IllegalStateException(op.wireName() + ": a row-wise implementation must return a table, got JSON;"
          + " drop RowWise from " + task.implementationClass());
    }
  }

  private void checkRows(OpSpec op, long got, long expected) throws IOException {
    if (got != expected) {
      throw new IllegalStateException(op.wireName() + ": " + task.implementationClass() + " made " + got
          + " rows from a slice of " + expected + "; a RowWise implementation makes one row per input row");
    }
  }
}
