package krnel.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What {@link Result}'s plain-value factories share. Their columns are allocated from one
 * process-wide allocator rather than a runner's, as a static factory has no runner at hand; the
 * result owns its vectors and frees them when it is closed, as any table result does.
 */
final class PlainResults {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static BufferAllocator allocator;

  private PlainResults() {}

  static synchronized BufferAllocator allocator() {
    if (allocator == null) {
      allocator = new RootAllocator();
    }
    return allocator;
  }
}
