package krnel.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import krnel.annotations.ColumnType;
import krnel.annotations.Op;

/**
 * Reads {@code @Op} interfaces, validates them and writes, per op, {@code Immutable<Op>}; per
 * column type compiled alongside, {@code <Column>Fluent}; per package of custom ops (ops on a column
 * type compiled elsewhere), {@code KrnelOps} with their {@code then(...)} steps; and the
 * {@code ServiceLoader} catalogue of the compiled ops.
 *
 * <p>An op whose field types are not generated yet (by another processor, or by a later round) is
 * read again in the next round; fluent interfaces are written once no op is waiting, so that they
 * see every op of the compilation.
 */
@AutoService(Processor.class)
public final class OpProcessor extends AbstractProcessor {
  static final String CATALOGUE = "META-INF/services/krnel.graph.OpType";

  private Reporter reporter;
  private OpReader reader;
  private final Set<String> deferred = new LinkedHashSet<>();
  private final Map<String, OpModel> opsByWireName = new LinkedHashMap<>();
  private final Map<String, TypeElement> columnTypes = new LinkedHashMap<>();
  private final Set<String> catalogue = new TreeSet<>();
  private boolean fluentWritten;
  /** Packages with custom ops that have steps: each gets a {@code KrnelOps} class. */
  private final Set<String> stepPackages = new TreeSet<>();
  private final Set<String> stepClassesWritten = new HashSet<>();

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
    reader = new OpReader(env, reporter);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Op.class.getCanonicalName(), ColumnType.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      reportUnresolved();
      writeCatalogue();
      return false;
    }
    readColumnTypes(round);
    List<TypeElement> candidates = new ArrayList<>();
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element != null) {
        candidates.add(element);
      }
    }
    deferred.clear();
    for (Element element : round.getElementsAnnotatedWith(Op.class)) {
      candidates.add((TypeElement) element);
    }
    List<OpModel> ready = new ArrayList<>();
    for (TypeElement element : candidates) {
      try {
        OpModel op = reader.read(element);
        if (op != null && registerWireName(op)) {
          ready.add(op);
        }
      } catch (OpReader.Deferred waiting) {
        deferred.add(element.getQualifiedName().toString());
      }
    }
    for (OpModel op : ready) {
      ClassName step = stepFactoryFor(op);
      if (step != null) {
        stepPackages.add(processingEnv.getElementUtils().getPackageOf(op.element()).getQualifiedName().toString());
      }
      boolean onColumn = op.fluentName() != null && op.receiver().isPresent()
          && columnTypes.containsKey(op.receiver().get().inputType().getQualifiedName().toString());
      write(new ImmutableWriter(op).write(step, onColumn ? op.fluentName() : null), op.element());
      catalogue.add(op.implName().reflectionName() + "$Type");
    }
    if (deferred.isEmpty() && !fluentWritten) {
      writeFluentInterfaces();
      fluentWritten = true;
    }
    if (deferred.isEmpty() && candidates.isEmpty()) {
      writeStepClasses(); // a round with no new op: the Immutable classes of earlier rounds are elements now
    }
    return false;
  }

  private void writeStepClasses() {
    StepsClassWriter writer = new StepsClassWriter(processingEnv, reporter);
    for (String packageName : stepPackages) {
      if (stepClassesWritten.add(packageName)) {
        TypeSpec steps = writer.write(packageName);
        if (steps != null) {
          writeTo(packageName, steps);
        }
      }
    }
  }

  private void readColumnTypes(RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(ColumnType.class)) {
      if (element.getKind() != ElementKind.INTERFACE || !extendsOpSpec((TypeElement) element)) {
        reporter.error(element, Problem.COLUMN_TYPE_NOT_INTERFACE, element.getSimpleName());
        continue;
      }
      TypeElement type = (TypeElement) element;
      String fluent = FluentWriter.fluentName(ClassName.get(type)).simpleName();
      boolean extendsFluent = type.getInterfaces().stream()
          .anyMatch(t -> simpleName(t).equals(fluent));
      if (!extendsFluent) {
        reporter.error(element, Problem.COLUMN_TYPE_WITHOUT_FLUENT, type.getSimpleName(), type.getSimpleName());
        continue;
      }
      columnTypes.put(type.getQualifiedName().toString(), type);
    }
  }

  /** Whether {@code type} extends OpSpec; true when OpSpec is not on the classpath, as nothing can be checked then. */
  private boolean extendsOpSpec(TypeElement type) {
    TypeElement opSpec = processingEnv.getElementUtils().getTypeElement(OpReader.OP_SPEC);
    javax.lang.model.util.Types types = processingEnv.getTypeUtils();
    return opSpec == null || types.isAssignable(types.erasure(type.asType()), types.erasure(opSpec.asType()));
  }

  /** The simple name of a possibly not-yet-generated type ({@code TypeKind.ERROR} prints as written). */
  private static String simpleName(TypeMirror type) {
    String name = type.toString();
    int generic = name.indexOf('<');
    if (generic >= 0) {
      name = name.substring(0, generic);
    }
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private boolean registerWireName(OpModel op) {
    OpModel previous = opsByWireName.putIfAbsent(op.wireName(), op);
    if (previous == null || previous.element().equals(op.element())) {
      return true;
    }
    reporter.error(op.element(), Problem.DUPLICATE_WIRE_NAME, op.wireName(), previous.element().getQualifiedName());
    return false;
  }

  /** Ops on a column type compiled elsewhere get {@code then(...)} step factories instead of fluent methods. */
  private ClassName stepFactoryFor(OpModel op) {
    if (op.fluentName() == null || op.receiver().isEmpty()) {
      return null;
    }
    TypeElement column = op.receiver().get().inputType();
    if (columnTypes.containsKey(column.getQualifiedName().toString()) || column.getAnnotation(ColumnType.class) == null) {
      return null;
    }
    return FluentWriter.stepName(ClassName.get(column));
  }

  private void writeFluentInterfaces() {
    Map<String, List<OpModel>> byColumn = new HashMap<>();
    Map<String, OpModel> byMethod = new HashMap<>();
    for (OpModel op : opsByWireName.values()) {
      if (op.fluentName() == null || op.receiver().isEmpty()) {
        continue;
      }
      String column = op.receiver().get().inputType().getQualifiedName().toString();
      if (!columnTypes.containsKey(column)) {
        continue;
      }
      OpModel clash = byMethod.putIfAbsent(column + "#" + op.fluentName(), op);
      if (clash != null) {
        reporter.error(op.element(), Problem.DUPLICATE_FLUENT, op.fluentName(), column,
            clash.element().getSimpleName(), op.element().getSimpleName());
        continue;
      }
      byColumn.computeIfAbsent(column, c -> new ArrayList<>()).add(op);
    }
    for (TypeElement column : columnTypes.values()) {
      List<OpModel> ops = new ArrayList<>(byColumn.getOrDefault(column.getQualifiedName().toString(), List.of()));
      ops.sort((a, b) -> a.fluentName().compareTo(b.fluentName()));
      write(new FluentWriter().write(column, ops), column);
    }
  }

  private void write(TypeSpec type, TypeElement origin) {
    String packageName = processingEnv.getElementUtils().getPackageOf(origin).getQualifiedName().toString();
    writeTo(packageName, type.toBuilder().addOriginatingElement(origin).build());
  }

  private void writeTo(String packageName, TypeSpec type) {
    try {
      JavaFile.builder(packageName, type)
          .skipJavaLangImports(true)
          .indent("  ")
          .build()
          .writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "Krnel could not write " + packageName + "." + type.name() + ": " + e.getMessage());
    }
  }

  private void reportUnresolved() {
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element == null) {
        continue;
      }
      for (Element member : element.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD) {
          TypeMirror type = ((javax.lang.model.element.ExecutableElement) member).getReturnType();
          if (OpReader.isUnresolved(type)) {
            reporter.error(member, Problem.UNRESOLVED_TYPE, member.getSimpleName(), element.getSimpleName(), type);
          }
        }
      }
    }
  }

  /** Merges with an existing catalogue, as incremental builds recompile only some ops. */
  private void writeCatalogue() {
    ServicesFile.merge(processingEnv, CATALOGUE, catalogue);
  }
}
