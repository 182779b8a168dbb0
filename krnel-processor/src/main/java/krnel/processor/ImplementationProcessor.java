package krnel.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;
import krnel.annotations.Implementation;

/**
 * Turns each {@code @Implementation} class into a generated {@code <Class>_KrnelModule} that binds
 * it, and lists every such module in {@code META-INF/services/krnel.runner.KrnelModule}.
 *
 * <p>One module per class, rather than one per package, so that a build recompiling only some
 * sources never writes a module that misses the others; the services file is merged with the one
 * an earlier build left in the output, as AutoService does.
 */
@AutoService(Processor.class)
public final class ImplementationProcessor extends AbstractProcessor {
  static final String SERVICES = "META-INF/services/krnel.runner.KrnelModule";
  static final String OP_IMPLEMENTATION = "krnel.runner.OpImplementation";
  static final ClassName KRNEL_MODULE = ClassName.get("krnel.runner", "KrnelModule");

  private Reporter reporter;
  private final Set<String> modules = new TreeSet<>();

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Implementation.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      ServicesFile.merge(processingEnv, SERVICES, modules);
      return false;
    }
    for (Element element : round.getElementsAnnotatedWith(Implementation.class)) {
      TypeElement type = element instanceof TypeElement ? (TypeElement) element : null;
      if (type == null || type.getKind() != ElementKind.CLASS) {
        reporter.error(element, Problem.IMPLEMENTATION_NOT_CLASS, element.getSimpleName(),
            element.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        continue;
      }
      ClassName module = moduleName(ClassName.get(type));
      if (valid(type, module)) {
        write(type, module);
        modules.add(module.reflectionName());
      }
    }
    return false;
  }

  /** {@code KeywordCountImplementation_KrnelModule}; {@code Outer_Inner_KrnelModule} for a nested class. */
  static ClassName moduleName(ClassName implementation) {
    return ClassName.get(implementation.packageName(), String.join("_", implementation.simpleNames()) + "_KrnelModule");
  }

  private boolean valid(TypeElement type, ClassName module) {
    int before = reporter.errorCount();
    String name = type.getSimpleName().toString();
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.error(type, Problem.IMPLEMENTATION_ABSTRACT, name);
    }
    for (Element enclosing = type; enclosing instanceof TypeElement; enclosing = enclosing.getEnclosingElement()) {
      TypeElement t = (TypeElement) enclosing;
      boolean inner = t.getNestingKind() == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC);
      boolean local = t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
      if (t.getModifiers().contains(Modifier.PRIVATE) || inner || local) {
        reporter.error(type, Problem.IMPLEMENTATION_NOT_ACCESSIBLE, name, module.simpleName());
        return false; // its constructors are out of reach too: one error says it
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      reporter.error(type, Problem.IMPLEMENTATION_GENERIC, name);
    }
    TypeElement api = processingEnv.getElementUtils().getTypeElement(OP_IMPLEMENTATION);
    Types types = processingEnv.getTypeUtils();
    if (api == null || !types.isAssignable(types.erasure(type.asType()), types.erasure(api.asType()))) {
      reporter.error(type, Problem.IMPLEMENTATION_WRONG_TYPE, name);
    }
    if (!constructible(type)) {
      reporter.error(type, Problem.IMPLEMENTATION_NO_CONSTRUCTOR, name);
    }
    return reporter.errorCount() == before;
  }

  /** What Guice can construct: a non-private constructor without parameters, or an {@code @Inject} one. */
  private static boolean constructible(TypeElement type) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      boolean injected = constructor.getAnnotationMirrors().stream()
          .anyMatch(a -> a.getAnnotationType().asElement().getSimpleName().contentEquals("Inject"));
      if (injected || constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  private void write(TypeElement type, ClassName module) {
    ClassName implementation = ClassName.get(type);
    TypeSpec spec = TypeSpec.classBuilder(module)
        .addJavadoc("Binds {@link $T}, annotated {@code @Implementation}; listed in {@code $L}.\n\n", implementation, SERVICES)
        .addJavadoc("<p>Generated by Krnel; do not edit.\n")
        .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", ImplementationProcessor.class.getName())
            .build())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(KRNEL_MODULE)
        .addOriginatingElement(type)
        .addMethod(MethodSpec.methodBuilder("configure")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .addStatement("implement($T.class)", implementation)
            .build())
        .build();
    try {
      JavaFile.builder(module.packageName(), spec).skipJavaLangImports(true).indent("  ").build()
          .writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "Krnel could not write " + module + ": " + e.getMessage(), type);
    }
  }
}
