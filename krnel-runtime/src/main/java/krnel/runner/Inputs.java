package krnel.runner;

import com.fasterxml.jackson.databind.JsonNode;
import krnel.graph.OpSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** What an implementation may read while it computes: its inputs' results, and memory for its own. */
public interface Inputs {
  /** The table result of {@code input}; owned by the runner, valid until {@code compute} returns. */
  VectorSchemaRoot table(OpSpec input);

  /** The JSON result of {@code input}. */
  JsonNode json(OpSpec input);

  /** Where to allocate the result's vectors. */
  BufferAllocator allocator();

  /** Reports progress of a long computation (a bar on a terminal, log lines otherwise). */
  Progress progress(String task, long total);
}
