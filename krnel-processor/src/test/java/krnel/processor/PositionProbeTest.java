package krnel.processor;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class PositionProbeTest {
  @Test
  void probe() {
    TestSource s = TestSource.of("test.Foo",
        "package test;",
        "import krnel.annotations.*;",
        "import krnel.types.TextColumn;",
        "/** doc */",
        "@Op(\"Bad_Name\")",
        "public interface Foo extends TextColumn {",
        "  @Nullable",
        "  int count();",
        "  void run();",
        "  java.util.Set<String> names();",
        "  @Check default boolean ok() { return true; }",
        "}");
    Compilation c = RuntimeStubs.compile(s.file);
    c.diagnostics().forEach(d -> System.out.println("DIAG " + d.getKind() + " line " + d.getLineNumber() + " col " + d.getColumnNumber() + ": " + d.getMessage(null)));
  }
}
