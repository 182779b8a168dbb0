package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compile;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canonical writer is generated with its keys already sorted as Python's
 * {@code json.dumps(sort_keys=True)} sorts them (by code point, {@code "type"} among the fields),
 * and without the {@code @ExcludeFromUuid} fields.
 */
class CanonicalWriterTest {
  /** A key written by the canonical writer: a literal constant, declared once per op class. */
  private static final Pattern KEY = Pattern.compile("\\.key\\(([^)]+)\\)");

  private static String generated;

  @BeforeAll
  static void compileKeysOp() {
    TestSource located = DiagnosticsTest.source("Located",
        "/** Not an op: a mixin whose field is inherited, exclusion included. */",
        "public interface Located {",
        "  @krnel.annotations.ExcludeFromUuid",
        "  String location();",
        "}");
    TestSource op = DiagnosticsTest.source("Keys",
        "@Op",
        "public interface Keys extends TextColumn, Located {",
        "  TextColumn text();",
        "  String tx();",
        "  String typeName();",
        "  String ab();",
        "  String aB();",
        "  @Name(\"Zeta\") String zeta();",
        "  @Name(\"\\u00fc\") String umlaut();",
        "  @Name(\"\\uFF21\") String fullwidthA();",
        "  @Name(\"\\uD801\\uDC00\") String deseret();",
        "  @krnel.annotations.ExcludeFromUuid String path();",
        "  @krnel.annotations.ExcludeFromUuid @Name(\"aaa_first\") String first();",
        "}");
    Compilation compilation = compile(located.file, op.file);
    assertThat(compilation).succeededWithoutWarnings();
    generated = RuntimeStubs.generatedSource(compilation, "test.ImmutableKeys");
  }

  private static String method(String signature) {
    int start = generated.indexOf(signature);
    assertThat(start).isAtLeast(0);
    return generated.substring(start, generated.indexOf("\n  }\n", start));
  }

  private static List<String> canonicalKeys() {
    List<String> keys = new ArrayList<>();
    Matcher m = KEY.matcher(method("public void writeCanonical(JsonWriter out)"));
    while (m.find()) {
      keys.add(literal(m.group(1)));
    }
    return keys;
  }

  /** The text of the literal constant {@code name}. */
  private static String literal(String name) {
    Matcher m = Pattern.compile(" " + Pattern.quote(name) + " = JsonWriter\\.literal\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\);").matcher(generated);
    assertThat(m.find()).isTrue();
    return unescape(m.group(1));
  }

  @Test
  void keysAreSortedByCodePointWithType() {
    assertThat(canonicalKeys())
        .containsExactly(
            "Zeta", "a_b", "ab", "text", "tx", "type", "type_name", "\u00fc",
            // By code point U+FF21 comes before U+10400; by UTF-16 unit (String.compareTo) it would not.
            "\uFF21", "\uD801\uDC00")
        .inOrder();
    assertThat(method("public void writeCanonical(JsonWriter out)")).contains(".key(TYPE_KEY).value(WIRE_NAME)");
    assertThat(literal("WIRE_NAME")).isEqualTo("Keys");
  }

  @Test
  void excludedFieldsAreLeftOutOfTheUuidOnly() {
    assertThat(canonicalKeys()).containsNoneOf("path", "aaa_first", "location");
    // They remain fields: visited, and described as excluded in the catalogue entry.
    String forEachField = method("public void forEachField(FieldVisitor visitor)");
    assertThat(forEachField).contains("visitor.visit(Type.PATH, this.path);");
    assertThat(forEachField).contains("visitor.visit(Type.AAA_FIRST, this.first);");
    assertThat(forEachField).contains("visitor.visit(Type.LOCATION, this.location);");
    assertThat(generated).contains("new FieldSpec(\"path\", \"path\", FieldSpec.Kind.PARAMETER, false, false, true)");
    assertThat(generated).contains("new FieldSpec(\"location\", \"location\", FieldSpec.Kind.PARAMETER, false, false, true)");
    assertThat(generated).contains("new FieldSpec(\"tx\", \"tx\", FieldSpec.Kind.PARAMETER, false, false, false)");
  }

  @Test
  void omittedWhenNullFieldsAreWrittenOnlyWhenSet() {
    TestSource op = DiagnosticsTest.source("Optional",
        "@Op",
        "public interface Optional extends TextColumn {",
        "  TextColumn text();",
        "  @Nullable @krnel.annotations.OmitWhenNull String a();",
        "  @Nullable @krnel.annotations.OmitWhenNull Double b();",
        "  String c();",
        "  @Nullable @krnel.annotations.OmitWhenNull String z();",
        "}");
    Compilation compilation = compile(op.file);
    assertThat(compilation).succeededWithoutWarnings();
    String source = RuntimeStubs.generatedSource(compilation, "test.ImmutableOptional");
    String writer = source.substring(source.indexOf("public void writeCanonical(JsonWriter out)"));
    writer = writer.substring(0, writer.indexOf("\n  }\n"));
    assertThat(writer.replaceAll("\\s+", " ")).contains("out.beginObject(); "
        + "if (this.a != null) { out.key(A_KEY).value(this.a); } "
        + "if (this.b != null) { out.key(B_KEY).value(this.b); } "
        + "out.key(C_KEY).value(this.c) .key(TEXT_KEY).op(this.text) .key(TYPE_KEY).value(WIRE_NAME); "
        + "if (this.z != null) { out.key(Z_KEY).value(this.z); } "
        + "out.endObject();");
    assertThat(source).contains("new FieldSpec(\"a\", \"a\", FieldSpec.Kind.PARAMETER, true, false, false, true)");
    assertThat(source).contains("new FieldSpec(\"c\", \"c\", FieldSpec.Kind.PARAMETER, false, false, false)");
  }

  /** Undoes JavaPoet's string literal escapes. */
  private static String unescape(String literal) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = literal.charAt(++i);
      switch (next) {
        case 'u':
          out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
          i += 4;
          break;
        case 'n':
          out.append('\n');
          break;
        case 't':
          out.append('\t');
          break;
        default:
          out.append(next);
      }
    }
    return out.toString();
  }
}
