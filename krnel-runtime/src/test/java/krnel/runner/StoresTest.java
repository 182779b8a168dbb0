package krnel.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @Test
  void builtInSchemes(@TempDir Path dir) {
    assertInstanceOf(MemoryStore.class, Stores.open("memory:x"));
    assertInstanceOf(LocalStore.class, Stores.open(dir.toString()));
    assertInstanceOf(LocalStore.class, Stores.open(dir.toUri().toString()));
  }

  @Test
  void unknownSchemeNamesTheModuleToAdd() {
    var e = assertThrows(IllegalArgumentException.class, () -> Stores.open("s3://bucket/prefix"));
    assertEquals("no store for URI s3://bucket/prefix (scheme s3:): add the krnel-s3 module "
        + "(ai.krnel:krnel-s3) to the classpath", e.getMessage());
    var other = assertThrows(IllegalArgumentException.class, () -> Stores.open("hdfs://nn/x"));
    assertEquals(true, other.getMessage().contains("krnel.runner.StoreProvider for hdfs:"));
  }
}
