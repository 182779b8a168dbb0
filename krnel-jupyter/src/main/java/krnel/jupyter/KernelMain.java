package krnel.jupyter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * What Jupyter starts (the kernelspec's argv): {@code KernelMain <connection file>}. The cells run in
 * this JVM, with its class path and flags.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: krnel.jupyter.KernelMain <connection file>; Jupyter starts it, see `bin/krnel jupyter install`");
      System.exit(2);
    }
    Path connectionFile = Path.of(args[0]);
    if (!Files.isRegularFile(connectionFile)) {
      System.err.println("error: the connection file " + connectionFile + " does not exist");
      System.exit(2);
    }
    quietLibraries();
    KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
    JupyterConnection connection = new JupyterConnection(properties);
    KrnelKernel kernel = KrnelKernel.start(System.getProperty("java.class.path"));
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
  }

  /** Arrow's and DJL's start-up INFO lines would land in the first cell's output; warnings still do. */
  private static void quietLibraries() {
    Map<String, String> levels = Map.of("org.apache.arrow", "warn", "org.dflib", "warn", "ai.djl", "warn",
        "ai.djl.util.cuda.CudaUtils", "error"); // "Failed to detect GPU count" on every machine without CUDA
    levels.forEach((logger, level) -> {
      String property = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(property) == null) {
        System.setProperty(property, level);
      }
    });
  }
}
