// Run with arrow-dataset 18.3.0 + arrow-memory-unsafe on the class path, and krnel-runtime's test classes
// (for krnel.store.TestTables): java --add-opens=java.base/java.nio=ALL-UNNAMED MakeCppFile.java cpp-all-types.parquet

import java.nio.file.*;
import java.util.*;
import org.apache.arrow.dataset.file.*;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.*;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes krnel.store's all-types test table with Arrow C++'s Parquet writer (the one pyarrow uses),
 * through arrow-dataset 18.3.0's JNI: default writer properties (dictionary pages, v1 data pages,
 * no compression, no ARROW:schema — the Java binding offers no options).
 */
public class MakeCppFile {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path dir = Files.createTempDirectory("cpp-write");
    BufferAllocator al = new RootAllocator(); // not closed: the JNI export keeps buffers alive
    {
      var m = Class.forName("krnel.store.TestTables").getDeclaredMethod("allTypes", BufferAllocator.class);
      m.setAccessible(true);
      try (VectorSchemaRoot table = (VectorSchemaRoot) m.invoke(null, al)) {
        // Arrow C++ refuses null fixed-size list rows ("Lists with non-zero length null
        // components are not supported"): row 1's vector becomes [1, 2, 3].
        var vector = (org.apache.arrow.vector.complex.FixedSizeListVector) table.getVector("vector");
        vector.setNotNull(1);
        Float4Vector values = (Float4Vector) vector.getDataVector();
        values.set(3, 1f);
        values.set(4, 2f);
        values.set(5, 3f);
        ArrowReader reader = new ArrowReader(al) {
          boolean done;
          public boolean loadNextBatch() { if (done) return false; done = true; return true; }
          public long bytesRead() { return 0; }
          protected void closeReadSource() {}
          protected Schema readSchema() { return table.getSchema(); }
          public VectorSchemaRoot getVectorSchemaRoot() { return table; }
        };
        DatasetFileWriter.write(al, reader, FileFormat.PARQUET, dir.toUri().toString());
      }
    }
    try (var files = Files.list(dir)) {
      Path written = files.findFirst().orElseThrow();
      Files.move(written, out, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.delete(dir);
    System.out.println("wrote " + out + " " + Files.size(out));
  }
}
