package krnel.cli;

import static krnel.cli.CliRun.assertNoStackTrace;
import static krnel.cli.CliRun.krnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import krnel.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -f Main.java}: compiled in-process with the Krnel processor; static fields are the graph. */
class JavaSourceTest {
  /** A graph file as a user writes it: a custom op, its implementation and module, a runner, ops in fields. */
  static final String MAIN = String.join("\n",
      "package demo;",
      "",
      "import java.util.List;",
      "import java.util.Map;",
      "import krnel.annotations.Op;",
      "import krnel.runner.*;",
      "import krnel.types.*;",
      "import org.apache.arrow.vector.Float8Vector;",
      "import org.apache.arrow.vector.VectorSchemaRoot;",
      "",
      "@Op",
      "interface TextLengthOp extends ScoreColumn {",
      "  TextColumn text();",
      "}",
      "",
      "public class Main {",
      "  static final Runner runner = Runner.open(\"STORE\");",
      "  static final Dataset mails = runner.fromInlineDataset(Map.of(\"text\", List.of(\"Win now\", \"Lunch?\")));",
      "  static final TextColumn text = mails.colText(\"text\");",
      "  static final ScoreColumn length = ImmutableTextLengthOp.builder().text(text).build();",
      "",
      "  static final class TextLength implements OpImplementation<TextLengthOp> {",
      "    public Class<TextLengthOp> opType() { return TextLengthOp.class; }",
      "    public String version() { return \"1\"; }",
      "    public Result compute(TextLengthOp op, Inputs inputs) {",
      "      List<String> texts = Columns.strings(Columns.single(inputs.table(op.text()), \"text\"), \"text\");",
      "      Float8Vector out = new Float8Vector(op.uuid(), inputs.allocator());",
      "      out.allocateNew(texts.size());",
      "      for (int i = 0; i < texts.size(); i++) out.set(i, texts.get(i).length());",
      "      out.setValueCount(texts.size());",
      "      return Result.table(VectorSchemaRoot.of(out));",
      "    }",
      "  }",
      "",
      "  public static final class Module extends KrnelModule {",
      "    @Override protected void configure() { implement(new TextLength()); }",
      "  }",
      "}",
      "");

  @TempDir Path dir;

  @Test
  void compilesTheFileAndRunsItsOpsOnItsRunnersStore() throws Exception {
    Path store = dir.resolve("store");
    Path source = Files.createDirectories(dir.resolve("src/demo")).resolve("Main.java");
    Files.writeString(source, MAIN.replace("STORE", store.toString()));

    CliRun run = krnel("run", "-f", source.toString(), "-s", "length");

    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("Summary: 1 ops: 1 computed"), run.out()); // the dataset it reads is named mails
    CliRun status = krnel("status", "-f", source.toString(), "-t", "TextLength");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().matches("TextLengthOp_[0-9a-f]{64}: completed\n"), status.out());
    String uuid = status.out().substring(0, status.out().indexOf(':'));
    // the custom op's result, read back from the store by another runner
    CliRun print = krnel("print", "-f", source.toString(), "-s", "length", "--no-deps");
    assertTrue(print.out().contains("TextLengthOp textLength_"), print.out());
    try (Runner reader = Runner.open(store.toString())) {
      assertTrue(reader.store().hasResult(uuid));
    }
  }

  @Test
  void compileErrorsAreReportedWithTheirLine() throws Exception {
    Path source = dir.resolve("Broken.java");
    Files.writeString(source, "public class Broken {\n  static final krnel.types.TextColumn text = 42;\n}\n");

    CliRun run = krnel("status", "--store", dir.resolve("store").toString(), "-f", source.toString());

    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("error: " + source + " does not compile:\n  Broken.java:2: incompatible types"), run.err());
    assertTrue(run.err().contains("\nhint: fix the errors above;"), run.err());
    assertNoStackTrace(run);
  }

  @Test
  void aFailingStaticInitializerIsAnError() throws Exception {
    Path source = dir.resolve("Throws.java");
    Files.writeString(source, "public class Throws {\n  static final Object x = java.util.List.of().get(0);\n}\n");

    CliRun run = krnel("status", "--store", dir.resolve("store").toString(), "-f", source.toString());

    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("error: building the graph of Throws failed: java.lang.ArrayIndexOutOfBoundsException"), run.err());
    assertNoStackTrace(run);
  }
}
