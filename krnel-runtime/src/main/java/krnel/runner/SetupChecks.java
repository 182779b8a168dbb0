package krnel.runner;

import java.nio.Buffer;
import krnel.annotations.Op;
import org.apache.arrow.memory.BufferAllocator;

/** Checks of the user's setup made before the first use, so that a mistake gets one clear line. */
final class SetupChecks {
  /** The JVM flag Apache Arrow needs for its off-heap buffers. */
  static final String ARROW_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";
  private static final String GUIDE = "docs/getting-started.md";

  private SetupChecks() {}

  /**
   * Arrow reads {@code java.nio.Buffer.address} reflectively; without the flag its first allocator
   * fails with a 40-line trace that buries the hint. Checked from the module Arrow's memory
   * classes are in (the unnamed module on a classpath).
   */
  static void requireArrowAccess() {
    if (!Buffer.class.getModule().isOpen("java.nio", BufferAllocator.class.getModule())) {
      throw new SetupException("Krnel's tables (Apache Arrow) need the JVM flag " + ARROW_FLAG
          + ": add it to the java command (or jvmArgs / argLine / JShell -R" + ARROW_FLAG + "), see " + GUIDE);
    }
  }

  /**
   * An {@code @Op} interface whose generated class is missing: the annotation processor did not
   * run on it (javac 23+ ignores a processor found only on the classpath), or it was declared in
   * JShell, which runs no processors.
   */
  static void requireGeneratedClass(Class<?> opType) {
    if (!opType.isInterface() || !opType.isAnnotationPresent(Op.class) || generatedClassExists(opType)) {
      return;
    }
    if (opType.getName().startsWith("REPL.")) {
      throw new SetupException("@Op " + opType.getSimpleName() + " was declared in JShell, which runs no annotation"
          + " processors: ops must be compiled, in a file of your project or with `krnel run -f Ops.java`; see " + GUIDE);
    }
    throw new SetupException("@Op " + opType.getName() + " has no generated class " + generatedName(opType)
        + ": krnel-processor did not run. Add it to the compiler's annotationProcessorPaths (Maven) or"
        + " annotationProcessor (Gradle) and rebuild; see " + GUIDE);
  }

  private static boolean generatedClassExists(Class<?> opType) {
    try {
      Class.forName(generatedName(opType), false, opType.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** As the processor names it: {@code Immutable} and the simple names, outermost first. */
  static String generatedName(Class<?> opType) {
    StringBuilder names = new StringBuilder();
    for (Class<?> c = opType; c != null; c = c.getEnclosingClass()) {
      names.insert(0, c.getSimpleName());
    }
    String packageName = opType.getPackageName();
    return (packageName.isEmpty() ? "" : packageName + ".") + "Immutable" + names;
  }
}
