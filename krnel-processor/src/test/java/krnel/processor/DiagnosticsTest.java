package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static krnel.processor.RuntimeStubs.compile;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per diagnostic of {@link Problem}: the tag, the part of the message that says what to
 * do, and the line of the element it is reported at. Tags are part of the processor's contract, so
 * they are spelled out here rather than taken from {@link Problem}.
 */
class DiagnosticsTest {
  private static final List<String> HEADER = List.of(
      "package test;",
      "",
      "import java.util.List;",
      "import java.util.Map;",
      "import krnel.annotations.Check;",
      "import krnel.annotations.ColumnType;",
      "import krnel.annotations.Name;",
      "import krnel.annotations.Nullable;",
      "import krnel.annotations.Op;",
      "import krnel.graph.OpSpec;",
      "import krnel.types.TextColumn;",
      "");

  /** The source of {@code test.<simpleName>}: the common imports, then {@code lines}. */
  static TestSource source(String simpleName, String... lines) {
    List<String> all = new ArrayList<>(HEADER);
    all.addAll(List.of(lines));
    return TestSource.of("test." + simpleName, all.toArray(new String[0]));
  }

  /**
   * Asserts an error tagged {@code tag} whose message contains {@code parts} in this order, reported
   * in {@code source} on the line containing {@code lineText}.
   */
  static void assertError(Compilation compilation, TestSource source, String lineText, String tag, String... parts) {
    StringBuilder regex = new StringBuilder(Pattern.quote("[" + tag + "] "));
    for (String part : parts) {
      regex.append(".*").append(Pattern.quote(part));
    }
    assertThat(compilation)
        .hadErrorContainingMatch(Pattern.compile(regex.toString(), Pattern.DOTALL))
        .inFile(source.file)
        .onLine(source.line(lineText));
  }

  static List<String> errors(Compilation compilation) {
    return compilation.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.toList());
  }

  @Test
  void everyProblemHasATest() {
    Set<Problem> tested = EnumSet.noneOf(Problem.class);
    for (Method method : DiagnosticsTest.class.getDeclaredMethods()) {
      Reports reports = method.getAnnotation(Reports.class);
      if (reports != null) {
        tested.add(reports.value());
      }
    }
    assertThat(tested).containsExactlyElementsIn(EnumSet.allOf(Problem.class));
    Set<String> tags = new HashSet<>();
    for (Problem problem : Problem.values()) {
      assertWithMessage("tag of %s", problem).that(problem.tag()).matches("Krnel[A-Z][A-Za-z]+");
      assertWithMessage("tag of %s is unique", problem).that(tags.add(problem.tag())).isTrue();
    }
  }

  @Reports(Problem.NOT_AN_INTERFACE)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "public abstract class NotAnInterface {}   | class",
      "public record NotAnInterface(String name) {} | record",
  })
  void opMustBeAnInterface(String declaration, String kind) {
    TestSource op = source("NotAnInterface",
        "@Op",
        declaration);
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "NotAnInterface", "KrnelOpNotInterface",
        "@Op must be placed on an interface; NotAnInterface is a " + kind, "Declare the op as an interface");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.GENERIC_OP)
  @Test
  void opMustNotBeGeneric() {
    TestSource op = source("Generic",
        "@Op",
        "public interface Generic<T> extends TextColumn {",
        "  String name();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "interface Generic<T>", "KrnelOpGeneric",
        "@Op interface Generic must not have type parameters");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.PRIVATE_OP)
  @Test
  void opMustNotBePrivate() {
    TestSource outer = source("Outer",
        "public class Outer {",
        "  @Op",
        "  private interface Hidden extends TextColumn {",
        "    String name();",
        "  }",
        "}");
    Compilation compilation = compile(outer.file);
    assertError(compilation, outer, "interface Hidden", "KrnelOpNotAccessible",
        "@Op interface Hidden must not be private", "the generated ImmutableOuterHidden");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.BAD_WIRE_NAME)
  @ParameterizedTest
  @ValueSource(strings = {"My_Op", "9Lives", "My Op", "My-Op"})
  void wireNameMustBeAnIdentifierWithoutUnderscore(String wireName) {
    TestSource op = source("BadWire",
        "@Op(\"" + wireName + "\")",
        "public interface BadWire extends TextColumn {",
        "  String name();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "interface BadWire", "KrnelOpBadWireName",
        "op wire name \"" + wireName + "\" must be a Java-like identifier without '_'");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.DUPLICATE_WIRE_NAME)
  @Test
  void wireNamesMustBeUnique() {
    TestSource first = source("First",
        "@Op(\"Shared\")",
        "public interface First extends TextColumn {",
        "  String name();",
        "}");
    TestSource second = source("Second",
        "@Op(\"Shared\")",
        "public interface Second extends TextColumn {",
        "  String name();",
        "}");
    Compilation compilation = compile(first.file, second.file);
    assertError(compilation, second, "interface Second", "KrnelOpDuplicateWireName",
        "wire name \"Shared\" is already used by test.First", "give one of them another name with @Op(\"...\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.NO_COLUMN_TYPE)
  @ParameterizedTest
  @ValueSource(strings = {"public interface Orphan {", "public interface Orphan extends OpSpec {"})
  void opMustExtendAColumnType(String declaration) {
    TestSource op = source("Orphan",
        "@Op",
        declaration,
        "  String name();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "interface Orphan", "KrnelOpNoColumnType",
        "@Op interface Orphan must extend the column type it produces (an interface annotated @ColumnType");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.ACCESSOR_WITH_PARAMETERS)
  @Test
  void abstractAccessorMustNotTakeParameters() {
    TestSource op = source("WithParameters",
        "@Op",
        "public interface WithParameters extends TextColumn {",
        "  String name(int index);",
        "  default String shout(String s) { return s.toUpperCase(); }",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "name(int index)", "KrnelOpAccessorWithParameters",
        "abstract method name() of op WithParameters takes parameters", "make it a default method");
    assertThat(compilation).hadErrorCount(1); // the default method with a parameter is a helper, not an error
  }

  @Reports(Problem.VOID_ACCESSOR)
  @Test
  void accessorMustNotReturnVoid() {
    TestSource op = source("VoidAccessor",
        "@Op",
        "public interface VoidAccessor extends TextColumn {",
        "  void run();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "void run()", "KrnelOpVoidAccessor",
        "accessor run() of op VoidAccessor returns void; an op field must return its value");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.UNSUPPORTED_TYPE)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "java.util.Set<String>        | Sets and collections have no canonical order: use List<...>",
      "java.util.Collection<String> | Sets and collections have no canonical order: use List<...>",
      "String[]                     | Arrays are mutable and have no canonical form: use List<...> instead",
      "java.util.Optional<String>   | Use the value type annotated @Nullable instead of Optional",
      "java.io.File                 | Use String, a number, boolean, an enum, List/Map of those, Object for JSON-like data, or an op type",
      "List<java.io.File>           | Use String, a number, boolean, an enum, List/Map of those, Object for JSON-like data, or an op type",
      "Map<Integer, String>         | Map keys must be String: JSON objects have string keys",
      "float                        | Use int, long, double or boolean: Python has no float type",
      "char                         | Use int, long, double or boolean: Python has no char type",
      "List<?>                      | Use a concrete element type (Object for any JSON-like value) instead of a wildcard",
      "List<Mode>                   | Enums inside lists or maps are not supported; use String values",
      "List                         | Give the list an element type, e.g. List<String>",
  })
  void fieldTypeMustHaveACanonicalForm(String type, String hint) {
    TestSource op = source("Unsupported",
        "@Op",
        "public interface Unsupported extends TextColumn {",
        "  enum Mode { FAST, SLOW }",
        "  " + type + " value();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "value();", "KrnelOpUnsupportedType",
        "field value of op Unsupported has type ", "which cannot be hashed canonically. " + hint);
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.OMIT_WHEN_NULL_NOT_NULLABLE)
  @Test
  void omitWhenNullNeedsNullable() {
    TestSource op = source("OmitNotNullable",
        "@Op",
        "public interface OmitNotNullable extends TextColumn {",
        "  @krnel.annotations.OmitWhenNull",
        "  String option();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "String option();", "KrnelOpOmitWhenNullNotNullable",
        "field option of op OmitNotNullable is @OmitWhenNull but cannot be null", "mark it @Nullable");
  }

  @Reports(Problem.NULLABLE_PRIMITIVE)
  @ParameterizedTest
  @ValueSource(strings = {"int", "long", "double", "boolean"})
  void nullableFieldMustBeBoxed(String type) {
    TestSource op = source("NullablePrimitive",
        "@Op",
        "public interface NullablePrimitive extends TextColumn {",
        "  @Nullable",
        "  " + type + " count();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "count();", "KrnelOpNullablePrimitive",
        "field count of op NullablePrimitive is @Nullable but has primitive type " + type + "; use the boxed type");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.INPUT_IS_CLASS)
  @ParameterizedTest
  @ValueSource(strings = {"ConcreteText", "List<ConcreteText>", "Map<String, ConcreteText>"})
  void inputMustBeTypedAsAnInterface(String type) {
    TestSource concrete = source("ConcreteText",
        "public abstract class ConcreteText implements TextColumn {}");
    TestSource op = source("UsesClass",
        "@Op",
        "public interface UsesClass extends TextColumn {",
        "  " + type + " source();",
        "}");
    Compilation compilation = compile(concrete.file, op.file);
    assertError(compilation, op, "source();", "KrnelOpInputIsClass",
        "input source of op UsesClass is typed as the class test.ConcreteText;",
        "declare it as an op interface or column type (e.g. TextColumn)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.DUPLICATE_FIELD)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "String name();  | @Name(\"name\") String title(); | name       | name()     | title()",
      "int layerNum(); | @Name(\"layer_num\") int layer(); | layer_num | layerNum() | layer()",
  })
  void fieldNamesMustBeUnique(String first, String second, String field, String firstAccessor, String secondAccessor) {
    TestSource op = source("DuplicateField",
        "@Op",
        "public interface DuplicateField extends TextColumn {",
        "  " + first,
        "  " + second,
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, second, "KrnelOpDuplicateField",
        "field name \"" + field + "\" of op DuplicateField is used by both " + firstAccessor + " and " + secondAccessor,
        "give it @Name(\"...\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.RESERVED_FIELD)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "@Name(\"type\") String kind(); | kind     | type",
      "String type();                 | type     | type",
      "String uuid();                 | uuid     | uuid",
      "String wireName();             | wireName | wire_name",
      "String toString();             | toString | to_string",
      "int hashCode();                | hashCode | hash_code",
      "String builder();              | builder  | builder",
  })
  void fieldNameMustNotBeReserved(String declaration, String accessor, String field) {
    TestSource op = source("Reserved",
        "@Op",
        "public interface Reserved extends TextColumn {",
        "  " + declaration,
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, declaration, "KrnelOpReservedField",
        "accessor " + accessor + "() of op Reserved maps to the field name \"" + field + "\", which is reserved");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.BAD_FIELD_NAME)
  @ParameterizedTest
  @ValueSource(strings = {"my-field", "2x", "", "_", "a.b", "\uFFFD"})
  void fieldNameMustBeAnIdentifier(String name) {
    TestSource op = source("BadFieldName",
        "@Op",
        "public interface BadFieldName extends TextColumn {",
        "  @Name(\"" + name + "\")",
        "  String value();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "String value();", "KrnelOpBadFieldName",
        "field name \"" + name + "\" of accessor value() of op BadFieldName must be an identifier");
    assertThat(compilation).hadErrorCount(1);
  }

  private static TestSource withDefault(String type, String body) {
    return source("Defaults",
        "@Op",
        "public interface Defaults extends TextColumn {",
        "  enum Mode { FAST, SLOW }",
        "  int SIZE = 4;",
        "  String PREFIX = \"p\";",
        "  List<String> NAMES = new java.util.ArrayList<>();",
        "  TextColumn text();",
        "  default " + type + " value() { " + body + " }",
        "}");
  }

  @Reports(Problem.DEFAULT_NOT_CONSTANT)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "String       | return System.getenv(\"X\");",
      "List<String> | return new java.util.ArrayList<>();",
      "List<String> | return List.of(System.getenv(\"X\"));",
      "List<String> | return NAMES;",
      "long         | return System.currentTimeMillis();",
      "String       | return String.valueOf(SIZE);",
      "int          | int size = 1; return size;",
  })
  void defaultMustBeACompileTimeConstant(String type, String body) {
    TestSource op = withDefault(type, body);
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "value()", "KrnelOpDefaultNotConstant",
        "default of field value of op Defaults must be a compile-time constant",
        "defaults are hashed into the uuid");
    assertThat(compilation).hadErrorCount(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "int                 | return 512;",
      "int                 | return -1;",
      "String              | return \"x\";",
      "String              | return null;",
      "@Nullable String    | return null;",
      "List<String>        | return List.of();",
      "Map<String, Object> | return Map.of();",
      "Mode                | return Mode.FAST;",
      "int                 | return SIZE;",
      "String              | return PREFIX + \"x\";",
      "double              | return 1e-5;",
      "double              | return (double) SIZE;",
      "long                | return 1L << 20;",
      "boolean             | return !false;",
      "List<String>        | return List.of(\"a\", PREFIX);",
      "List<String>        | return java.util.List.of();",
      "Map<String, Object> | return Map.of(\"k\", 1, \"mode\", \"fast\");",
  })
  void constantDefaultsAreAccepted(String type, String body) {
    Compilation compilation = compile(withDefault(type, body).file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ImmutableDefaults");
  }

  @Reports(Problem.DUPLICATE_FLUENT)
  @Test
  void fluentNamesMustBeUniqueOnAColumnType() {
    TestSource first = source("FirstOp",
        "@Op(fluent = \"shared\")",
        "public interface FirstOp extends TextColumn {",
        "  TextColumn text();",
        "}");
    TestSource second = source("SecondOp",
        "@Op(fluent = \"shared\")",
        "public interface SecondOp extends TextColumn {",
        "  TextColumn text();",
        "}");
    Compilation compilation = compile(first.file, second.file);
    assertError(compilation, second, "interface SecondOp", "KrnelOpDuplicateFluent",
        "fluent method shared(...) on krnel.types.TextColumn is generated for both FirstOp and SecondOp",
        "choose another name with @Op(fluent = \"...\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.COLUMN_TYPE_NOT_INTERFACE)
  @Test
  void columnTypeMustBeAnInterface() {
    TestSource column = source("NotColumn",
        "@ColumnType",
        "public abstract class NotColumn implements OpSpec {}");
    Compilation compilation = compile(column.file);
    assertError(compilation, column, "class NotColumn", "KrnelColumnTypeNotInterface",
        "@ColumnType must be placed on an interface that extends krnel.graph.OpSpec; NotColumn is not one");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void columnTypeMustExtendOpSpec() {
    TestSource column = source("Detached",
        "@ColumnType",
        "public interface Detached extends DetachedFluent {}");
    Compilation compilation = compile(column.file);
    assertError(compilation, column, "interface Detached", "KrnelColumnTypeNotInterface",
        "@ColumnType must be placed on an interface that extends krnel.graph.OpSpec; Detached is not one");
    // DetachedFluent is then not generated, which javac reports too.
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(column.file).onLine(column.line("interface Detached"));
  }

  @Reports(Problem.COLUMN_TYPE_WITHOUT_FLUENT)
  @Test
  void columnTypeMustExtendItsFluentInterface() {
    TestSource column = source("Bare",
        "@ColumnType",
        "public interface Bare extends OpSpec {}");
    Compilation compilation = compile(column.file);
    assertError(compilation, column, "interface Bare", "KrnelColumnTypeWithoutFluent",
        "column type Bare must extend BareFluent, generated by Krnel, to receive its fluent methods");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.BAD_CHECK)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "@Check default boolean validate() { return true; } | validate",
      "@Check void validate();                            | validate",
      "@Check default void validate(int limit) {}         | validate",
      "@Check static void validate() {}                   | validate",
      "@Check private void validate() {}                  | validate",
  })
  void checkMustBeADefaultVoidMethodWithoutParameters(String declaration, String method) {
    TestSource op = source("BadCheck",
        "@Op",
        "public interface BadCheck extends TextColumn {",
        "  String name();",
        "  " + declaration,
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, declaration, "KrnelOpBadCheck",
        "@Check method " + method + "() of op BadCheck must be a default void method without parameters");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void checkIsCalledAtConstruction() {
    TestSource op = source("GoodCheck",
        "@Op",
        "public interface GoodCheck extends TextColumn {",
        "  String name();",
        "  @Check default void validate() {}",
        "}");
    Compilation compilation = compile(op.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ImmutableGoodCheck").contentsAsUtf8String().contains("    validate();\n");
  }

  @Reports(Problem.UNRESOLVED_TYPE)
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Missing       | Missing",
      "List<Missing> | java.util.List<Missing>",
  })
  void fieldTypeMustResolve(String type, String printed) {
    TestSource op = source("Unresolved",
        "@Op",
        "public interface Unresolved extends TextColumn {",
        "  TextColumn text();",
        "  " + type + " thing();",
        "}");
    Compilation compilation = compile(op.file);
    assertError(compilation, op, "thing();", "KrnelOpUnresolvedType",
        "field thing of op Unresolved has type " + printed + ", which could not be resolved; check the import");
    // javac reports the missing class too; the processor adds which field it broke.
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(op.file).onLine(op.line("thing();"));
    assertThat(errors(compilation).stream().filter(e -> e.startsWith("[Krnel")).count()).isEqualTo(1);
  }

  /** AutoValue style: every error is reported at its element, and reading goes on after the first. */
  @Test
  void everyErrorIsReported() {
    TestSource op = source("ManyProblems",
        "@Op",
        "public interface ManyProblems extends TextColumn {",
        "  void run();",
        "  java.util.Set<String> tags();",
        "  @Nullable int count();",
        "  default String home() { return System.getenv(\"HOME\"); }",
        "  String name();",
        "  @Name(\"name\") String title();",
        "",
        "  @Op(\"Inner_Op\")",
        "  interface InnerOp extends TextColumn {",
        "    String uuid();",
        "  }",
        "}");
    TestSource fine = source("FineOp",
        "@Op",
        "public interface FineOp extends TextColumn {",
        "  String name();",
        "}");
    Compilation compilation = compile(op.file, fine.file);
    assertError(compilation, op, "void run()", "KrnelOpVoidAccessor");
    assertError(compilation, op, "tags()", "KrnelOpUnsupportedType");
    assertError(compilation, op, "count()", "KrnelOpNullablePrimitive");
    assertError(compilation, op, "home()", "KrnelOpDefaultNotConstant");
    assertError(compilation, op, "title()", "KrnelOpDuplicateField");
    assertError(compilation, op, "interface InnerOp", "KrnelOpBadWireName");
    assertError(compilation, op, "uuid()", "KrnelOpReservedField");
    assertThat(compilation).hadErrorCount(7); // and none from FineOp, or from code generated for the broken ops
  }

  /** Two ops of one package whose steps have one name and the same parameters cannot share KrnelOps. */
  @Reports(Problem.DUPLICATE_STEP)
  @Test
  void stepsOfOnePackageMustDiffer() {
    TestSource first = TestSource.of("app.First",
        "package app;",
        "",
        "public class First {",
        "  @krnel.annotations.Op",
        "  public interface CountOp extends krnel.types.VectorColumn {",
        "    krnel.types.TextColumn text();",
        "  }",
        "}");
    TestSource second = TestSource.of("app.Second",
        "package app;",
        "",
        "public class Second {",
        "  @krnel.annotations.Op(\"SecondCountOp\")",
        "  public interface CountOp extends krnel.types.VectorColumn {",
        "    krnel.types.TextColumn text();",
        "  }",
        "}");
    Compilation compilation = RuntimeStubs.compileAsUserCode(List.of(), first.file, second.file);
    assertError(compilation, second, "interface CountOp", "KrnelOpDuplicateStep",
        "step count(...) of CountOp clashes in app.KrnelOps", "@Op(fluent = \"...\")");
    assertThat(compilation).hadErrorCount(1);
  }

  private static TestSource implementationSource(String simpleName, String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "", "import krnel.annotations.Implementation;",
        "import krnel.runner.OpImplementation;", "import krnel.types.TextColumn;", ""));
    all.addAll(List.of(lines));
    return TestSource.of("test." + simpleName, all.toArray(new String[0]));
  }

  @Reports(Problem.IMPLEMENTATION_NOT_CLASS)
  @Test
  void implementationMustBeAClass() {
    TestSource source = implementationSource("Shape",
        "@Implementation",
        "public interface Shape extends OpImplementation<TextColumn> {}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "interface Shape", "KrnelImplementationNotClass",
        "@Implementation must be placed on a class implementing krnel.runner.OpImplementation; Shape is a interface");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.IMPLEMENTATION_ABSTRACT)
  @Test
  void implementationMustBeConcrete() {
    TestSource source = implementationSource("Base",
        "@Implementation",
        "public abstract class Base implements OpImplementation<TextColumn> {}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "class Base", "KrnelImplementationAbstract", "Base is abstract", "concrete subclass");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.IMPLEMENTATION_NOT_ACCESSIBLE)
  @ParameterizedTest
  @ValueSource(strings = {"private static", "public"})
  void implementationMustBeReachable(String modifiers) {
    TestSource source = implementationSource("Holder",
        "public class Holder {",
        "  @Implementation",
        "  " + modifiers + " class Hidden implements OpImplementation<TextColumn> {",
        "    @Override public Class<TextColumn> opType() { return TextColumn.class; }",
        "  }",
        "}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "class Hidden", "KrnelImplementationNotAccessible",
        "Hidden must not be private, nor a non-static inner class", "Holder_Hidden_KrnelModule");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.IMPLEMENTATION_GENERIC)
  @Test
  void implementationMustNotBeGeneric() {
    TestSource source = implementationSource("Any",
        "@Implementation",
        "public final class Any<T extends TextColumn> implements OpImplementation<T> {",
        "  @Override public Class<T> opType() { return null; }",
        "}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "class Any", "KrnelImplementationGeneric", "Any must not have type parameters");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.IMPLEMENTATION_WRONG_TYPE)
  @Test
  void implementationMustImplementOpImplementation() {
    TestSource source = implementationSource("Helper",
        "@Implementation",
        "public final class Helper {}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "class Helper", "KrnelImplementationWrongType",
        "Helper does not implement krnel.runner.OpImplementation", "OpImplementation<YourOp>");
    assertThat(compilation).hadErrorCount(1);
  }

  @Reports(Problem.IMPLEMENTATION_NO_CONSTRUCTOR)
  @Test
  void implementationNeedsAConstructorGuiceCanCall() {
    TestSource source = implementationSource("Configured",
        "@Implementation",
        "public final class Configured implements OpImplementation<TextColumn> {",
        "  public Configured(String path) {}",
        "  @Override public Class<TextColumn> opType() { return TextColumn.class; }",
        "}");
    Compilation compilation = compile(source.file);
    assertError(compilation, source, "class Configured", "KrnelImplementationNoConstructor",
        "Configured needs a constructor without parameters, or one annotated @Inject");
    assertThat(compilation).hadErrorCount(1);
  }

  /** Errors only: the processor reports no warnings or notes of its own. */
  @Test
  void validOpCompilesWithoutDiagnostics() {
    TestSource op = source("Quiet",
        "@Op",
        "public interface Quiet extends TextColumn {",
        "  TextColumn text();",
        "  String name();",
        "}");
    Compilation compilation = compile(op.file);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.diagnostics().stream().filter(d -> d.getKind() != Diagnostic.Kind.NOTE).count()).isEqualTo(0);
  }
}
