package krnel.onnx;

import ai.onnxruntime.OrtEnvironment;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prepares ONNX Runtime before its first use in this JVM; every use in krnel-onnx goes through
 * {@link #environment()}.
 *
 * <p>Why: ONNX Runtime 1.29 on Linux and macOS starts a telemetry uploader when its environment is
 * created. That code reads the process's command line with a recursive routine on the calling
 * thread, and a command line longer than a few thousand characters (any {@code java -cp} with a
 * real classpath) overflows a Java thread's 1 MB stack: the JVM dies with a segfault, exit 139,
 * no message and no hs_err file. Only the environment variable {@code ORT_DISABLE_TELEMETRY}
 * suppresses the uploader, and only if it is set before the environment exists. So this class
 *
 * <ol>
 *   <li>sets {@code ORT_DISABLE_TELEMETRY=1} in the process environment (C {@code setenv}, through
 *       JNA) unless the user set the variable: a research library does not upload usage data, nor
 *       write {@code ~/.cache/Microsoft}, on its users' behalf;
 *   <li>points ONNX Runtime at its native libraries extracted once into a reused folder
 *       ({@link NativeLibraryCache}) instead of a new {@code onnxruntime-java*} temp folder per run;
 *   <li>creates the environment on a thread with a large stack, so that even with telemetry on
 *       ({@code ORT_DISABLE_TELEMETRY=0}) the first use cannot overflow the caller's stack.
 * </ol>
 */
final class OrtSetup {
  /** ONNX Runtime's own switch; read by its native code when the environment is created. */
  static final String TELEMETRY_VARIABLE = "ORT_DISABLE_TELEMETRY";
  private static final long INIT_STACK_BYTES = 256L << 20; // reserved, not committed: costs nothing
  private static final System.Logger LOG = System.getLogger(OrtSetup.class.getName());
  private static volatile OrtEnvironment environment;

  private OrtSetup() {}

  /** ONNX Runtime's process-wide environment, created (once) as the class comment says. */
  static OrtEnvironment environment() {
    OrtEnvironment env = environment;
    if (env != null) {
      return env;
    }
    synchronized (OrtSetup.class) {
      if (environment == null) {
        disableTelemetry();
        NativeLibraryCache.configure();
        environment = createOnLargeStack();
      }
      return environment;
    }
  }

  private static void disableTelemetry() {
    if (System.getenv(TELEMETRY_VARIABLE) != null) {
      return; // the user decided
    }
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      return; // ONNX Runtime's Windows telemetry is ETW, which neither reads the variable nor uploads by itself
    }
    try {
      int rc = Native.load("c", CLibrary.class).setenv(TELEMETRY_VARIABLE, "1", 0);
      if (rc != 0) {
        LOG.log(System.Logger.Level.DEBUG, "setenv(" + TELEMETRY_VARIABLE + ") returned " + rc);
      }
    } catch (LinkageError | RuntimeException e) {
      // no JNA or no libc: the large stack below still prevents the crash
      LOG.log(System.Logger.Level.DEBUG, "cannot set " + TELEMETRY_VARIABLE + ": " + e);
    }
  }

  private static OrtEnvironment createOnLargeStack() {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread init = new Thread(null, () -> {
      try {
        outcome.set(OrtEnvironment.getEnvironment());
      } catch (Throwable t) { // handed to the caller below
        outcome.set(t);
      }
    }, "krnel-onnxruntime-init", INIT_STACK_BYTES);
    init.start();
    boolean interrupted = false;
    while (true) {
      try {
        init.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the native call cannot be cancelled: wait for it, then restore the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Object result = outcome.get();
    if (result instanceof OrtEnvironment env) {
      return env;
    }
    if (result instanceof Error e) {
      throw e;
    }
    if (result instanceof RuntimeException e) {
      throw e;
    }
    throw new IllegalStateException("ONNX Runtime could not start: " + result, (Throwable) result);
  }

  /** The C library's {@code setenv}. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }
}
