package krnel.jupyter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/krnel jupyter install [--user | --prefix DIR] [--name NAME]}: writes the Krnel kernelspec
 * ({@code kernel.json}) where Jupyter looks for kernels, as {@code jupyter kernelspec install} does:
 * by default (or with {@code --user}) the user's data directory ({@code $JUPYTER_DATA_DIR}, else
 * {@code ~/.local/share/jupyter}), with {@code --prefix DIR} under {@code DIR/share/jupyter}. The
 * kernel starts with this JVM's java, class path and flags, so it runs as {@code bin/krnel} does.
 */
public final class JupyterCommand {
  static final String DEFAULT_NAME = "krnel";

  private JupyterCommand() {}

  public static void main(String[] args) {
    try {
      Path written = run(List.of(args), Map.copyOf(System.getenv()), System.getProperty("user.home"),
          javaCommand(), jvmFlags(), System.getProperty("java.class.path"));
      System.out.println("installed the Krnel kernelspec in " + written.getParent());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      System.err.println("error: cannot write the kernelspec: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Parses {@code install ...} and writes the kernelspec; returns the {@code kernel.json} written. */
  static Path run(List<String> args, Map<String, String> env, String home, String java, List<String> flags, String classpath)
      throws IOException {
    if (args.isEmpty() || !args.get(0).equals("install")) {
      throw new IllegalArgumentException("usage: krnel jupyter install [--user | --prefix DIR] [--name NAME]");
    }
    Path prefix = null;
    String name = DEFAULT_NAME;
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--user" -> prefix = null;
        case "--prefix" -> prefix = Path.of(value(args, ++i, arg));
        case "--name" -> name = value(args, ++i, arg);
        default -> throw new IllegalArgumentException("jupyter install: unknown option " + arg
            + "; the options are --user, --prefix DIR and --name NAME");
      }
    }
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("jupyter install --name " + name + ": a kernel name holds only letters,"
          + " digits, '.', '_' and '-'");
    }
    Path kernels = (prefix != null ? prefix.resolve("share/jupyter") : userDataDir(env, home)).resolve("kernels");
    return write(kernels.resolve(name), java, flags, classpath);
  }

  /** Writes {@code dir/kernel.json}: argv starts {@link KernelMain} with {@code flags} and {@code classpath}. */
  static Path write(Path dir, String java, List<String> flags, String classpath) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode spec = json.createObjectNode();
    ArrayNode argv = spec.putArray("argv");
    argv.add(java);
    flags.forEach(argv::add);
    argv.add("-cp").add(classpath).add(KernelMain.class.getName()).add("{connection_file}");
    spec.put("display_name", "Java (Krnel)");
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    // without it ONNX Runtime writes telemetry under $HOME (and crashed in this environment), as bin/krnel says
    spec.putObject("env").put("ORT_DISABLE_TELEMETRY", "1");
    Files.createDirectories(dir);
    Path file = dir.resolve("kernel.json");
    Files.writeString(file, json.writeValueAsString(spec) + "\n");
    return file;
  }

  /** Jupyter's user data directory on Linux and macOS-like layouts: {@code $JUPYTER_DATA_DIR}, {@code $XDG_DATA_HOME/jupyter}, {@code ~/.local/share/jupyter}. */
  static Path userDataDir(Map<String, String> env, String home) {
    String dataDir = env.get("JUPYTER_DATA_DIR");
    if (dataDir != null && !dataDir.isEmpty()) {
      return Path.of(dataDir);
    }
    String xdg = env.get("XDG_DATA_HOME");
    return xdg != null && !xdg.isEmpty() ? Path.of(xdg, "jupyter") : Path.of(home, ".local", "share", "jupyter");
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("jupyter install " + option + ": the option needs a value");
    }
    return args.get(i);
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This JVM's flags (bin/krnel's, KRNEL_JAVA_OPTS), but not a debugger agent, which would clash on its port. */
  private static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-Xrunjdwp")) {
        flags.add(flag);
      }
    }
    return flags;
  }
}
