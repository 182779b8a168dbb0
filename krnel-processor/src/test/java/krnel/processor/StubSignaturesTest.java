package krnel.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the {@code krnel.graph} stubs honest: each has exactly the public and protected API of
 * the runtime class it stands for, read from krnel-runtime's sources next to this module (a file
 * read, not a Maven dependency, so the build stays acyclic). A change to the runtime's API that
 * generated code relies on fails here until the stub is updated, and then in the tests whose
 * generated code no longer compiles.
 */
class StubSignaturesTest {
  static final Path RUNTIME_SOURCES =
      RuntimeStubs.moduleDir().resolve(Path.of("..", "krnel-runtime", "src", "main", "java")).normalize();

  static Stream<Path> graphStubs() {
    return RuntimeStubs.stubPaths().stream().filter(p -> p.startsWith(Path.of("krnel", "graph")));
  }

  @ParameterizedTest
  @MethodSource("graphStubs")
  void stubHasTheRuntimePublicApi(Path stub) throws IOException {
    assumeTrue(Files.isDirectory(RUNTIME_SOURCES), "krnel-runtime sources are not next to krnel-processor");
    Path real = RUNTIME_SOURCES.resolve(stub);
    assertWithMessage("stub %s stands for no class of krnel-runtime", stub).that(Files.exists(real)).isTrue();
    assertWithMessage("public API of stub %s against %s", stub, real)
        .that(api(RuntimeStubs.read(stub)))
        .containsExactlyElementsIn(api(Files.readString(real, StandardCharsets.UTF_8)));
  }

  /** Every runtime class that generated code names has a stub. */
  @Test
  void everyRuntimeClassOfGeneratedCodeHasAStub() throws IllegalAccessException {
    Set<String> stubs = RuntimeStubs.stubPaths().stream()
        .map(p -> p.toString().replace(p.getFileSystem().getSeparator(), "."))
        .collect(Collectors.toSet());
    List<ClassName> named = new ArrayList<>();
    for (Class<?> holder : List.of(RuntimeNames.class, JsonShapes.class, ImplementationProcessor.class)) {
      for (Field field : holder.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ClassName.class) {
          field.setAccessible(true);
          named.add((ClassName) field.get(null));
        }
      }
    }
    assertThat(named).isNotEmpty();
    for (ClassName name : named) {
      assertWithMessage("stub of %s", name)
          .that(stubs)
          .contains(name.topLevelClassName().canonicalName() + ".java");
    }
  }

  /** One line per public or protected declaration: the type's header, and each member's signature. */
  static Set<String> api(String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Api.java"), SimpleJavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    JavacTask task = (JavacTask) javac.getTask(null, null, null, List.of("-proc:none"), null, List.of(file));
    Set<String> api = new TreeSet<>();
    try {
      for (CompilationUnitTree unit : task.parse()) {
        for (Tree type : unit.getTypeDecls()) {
          describe((ClassTree) type, "", false, api);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return api;
  }

  private static void describe(ClassTree type, String outer, boolean inInterface, Set<String> api) {
    String name = outer + type.getSimpleName();
    boolean isInterface = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
    api.add(modifiers(type.getModifiers(), inInterface, false) + type.getKind().toString().toLowerCase() + " " + name
        + typeParameters(type.getTypeParameters())
        + (type.getExtendsClause() == null ? "" : " extends " + type.getExtendsClause())
        + list(" implements ", type.getImplementsClause()));
    for (Tree member : type.getMembers()) {
      if (member instanceof ClassTree) {
        ClassTree nested = (ClassTree) member;
        if (isVisible(nested.getModifiers(), isInterface)) {
          describe(nested, name + ".", isInterface, api);
        }
      } else if (member instanceof MethodTree) {
        MethodTree method = (MethodTree) member;
        if (isVisible(method.getModifiers(), isInterface)) {
          boolean isAbstract = isInterface && method.getBody() == null;
          List<String> parameters = method.getParameters().stream()
              .map(p -> p.getType() + (p.toString().contains("...") ? "..." : ""))
              .collect(Collectors.toList());
          String returns = method.getReturnType() == null ? "" : method.getReturnType() + " ";
          api.add(name + ": " + modifiers(method.getModifiers(), isInterface, isAbstract)
              + typeParameters(method.getTypeParameters()) + returns + method.getName()
              + "(" + String.join(", ", parameters) + ")" + list(" throws ", method.getThrows()));
        }
      } else if (member instanceof VariableTree) {
        VariableTree field = (VariableTree) member;
        Set<javax.lang.model.element.Modifier> flags = field.getModifiers().getFlags();
        if (type.getKind() == Tree.Kind.RECORD && !flags.contains(javax.lang.model.element.Modifier.STATIC)) {
          api.add(name + ": component " + field.getType() + " " + field.getName());
        } else if (isVisible(field.getModifiers(), isInterface)) {
          api.add(name + ": " + modifiers(field.getModifiers(), isInterface, false) + field.getType() + " " + field.getName());
        }
      }
    }
  }

  private static String typeParameters(List<? extends Tree> parameters) {
    return parameters.isEmpty() ? "" : parameters.stream().map(Tree::toString).collect(Collectors.joining(", ", "<", "> "));
  }

  private static String list(String keyword, List<? extends Tree> types) {
    return types.isEmpty() ? "" : types.stream().map(Tree::toString).collect(Collectors.joining(", ", keyword, ""));
  }

  private static boolean isVisible(ModifiersTree modifiers, boolean inInterface) {
    Set<javax.lang.model.element.Modifier> flags = modifiers.getFlags();
    return flags.contains(javax.lang.model.element.Modifier.PUBLIC)
        || flags.contains(javax.lang.model.element.Modifier.PROTECTED)
        || (inInterface && !flags.contains(javax.lang.model.element.Modifier.PRIVATE));
  }

  /** The modifiers, with those an interface member has implicitly made explicit. */
  private static String modifiers(ModifiersTree modifiers, boolean inInterface, boolean isAbstract) {
    Set<String> flags = new TreeSet<>();
    modifiers.getFlags().forEach(f -> flags.add(f.toString()));
    if (inInterface) {
      flags.add("public");
    }
    if (isAbstract) {
      flags.add("abstract");
    }
    return flags.stream().map(f -> f + " ").collect(Collectors.joining());
  }
}
