package krnel.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Session options that run on a {@link Device}. An explicit accelerator that cannot load is an
 * error saying why; under {@code auto} it is skipped with a warning (the GPU jar lists CUDA as
 * available even when the CUDA libraries are missing, and {@code addCUDA} is what fails).
 */
final class ExecutionProviders {
  private static final System.Logger LOG = System.getLogger(ExecutionProviders.class.getName());
  private static final String GPU_BUILD = "build with -P gpu (com.microsoft.onnxruntime:onnxruntime_gpu, Linux or"
      + " Windows x64, with the CUDA 12 and cuDNN 9 libraries installed)";

  /** What ONNX Runtime offers in this process; a seam for tests. */
  interface Backend {
    Set<OrtProvider> available();

    /** Adds {@code device}'s provider (CUDA or CoreML) to {@code options}; throws if it cannot load. */
    void add(OrtSession.SessionOptions options, Device device) throws OrtException;
  }

  /** The real ONNX Runtime. */
  static final Backend ORT = new Backend() {
    @Override
    public Set<OrtProvider> available() {
      OrtSetup.environment(); // before ONNX Runtime loads its libraries
      return OrtEnvironment.getAvailableProviders();
    }

    @Override
    public void add(OrtSession.SessionOptions options, Device device) throws OrtException {
      if (device.kind() == Device.Kind.CUDA) {
        options.addCUDA(device.index());
      } else if (device.kind() == Device.Kind.COREML) {
        options.addCoreML();
      } else {
        throw new IllegalArgumentException("not an accelerator: " + device);
      }
    }
  };

  /**
   * Options for a session and where it runs.
   *
   * @param requested the device asked for
   * @param device the device chosen: never {@code auto}
   * @param options the session options, owned by the caller
   * @param warning why {@code auto} did not get an accelerator, or null
   */
  record Placement(Device requested, Device device, OrtSession.SessionOptions options, String warning) {
    /** Whether a failure of this accelerator may fall back to the CPU: only what {@code auto} picked. */
    boolean mayFallBack() {
      return requested.kind() == Device.Kind.AUTO && device.kind() != Device.Kind.CPU;
    }
  }

  private final Backend backend;
  private final boolean macOs;
  private final boolean nvidiaDriver;

  ExecutionProviders(Backend backend, boolean macOs, boolean nvidiaDriver) {
    this.backend = backend;
    this.macOs = macOs;
    this.nvidiaDriver = nvidiaDriver;
  }

  /** This process's ONNX Runtime, OS and GPU driver. */
  static ExecutionProviders system() {
    return new ExecutionProviders(ORT, System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac"),
        Files.exists(Path.of("/proc/driver/nvidia/version")));
  }

  /**
   * The system property setting how many intra-op threads a session gets; krnel-spark sets it to
   * the executor's cores on executors, whose concurrent tasks take turns on one session per model
   * ({@link SessionTurns}).
   */
  static final String INTRA_OP_THREADS = "krnel.onnx.intraOpThreads";

  /**
   * New session options with one intra-op thread per processor the JVM may use (or {@value
   * #INTRA_OP_THREADS} threads, when set). ONNX Runtime's own default ran on one core here (2-core
   * VM: the same tokens/s pinned to one core as on two).
   */
  static OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSetup.environment(); // before ONNX Runtime loads its libraries
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(intraOpThreads());
    return options;
  }

  static int intraOpThreads() {
    String set = System.getProperty(INTRA_OP_THREADS);
    if (set == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(set.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("-D" + INTRA_OP_THREADS + "=" + set + ": expected a number of threads, 1 or more");
  }

  /** Options running on {@code requested}; an error naming the field and the fix if that device cannot be used. */
  Placement place(Device requested) throws OrtException {
    if (requested.kind() == Device.Kind.CPU) {
      return new Placement(requested, Device.CPU, sessionOptions(), null);
    }
    if (requested.kind() != Device.Kind.AUTO) {
      OrtProvider provider = provider(requested);
      if (!backend.available().contains(provider)) {
        throw new IllegalArgumentException("device: \"" + requested + "\" needs ONNX Runtime's " + provider.getName()
            + ", which this build does not have (it has " + backend.available() + "); "
            + (requested.kind() == Device.Kind.CUDA ? GPU_BUILD : "CoreML exists on macOS only")
            + ", or use device cpu or auto");
      }
      OrtSession.SessionOptions options = sessionOptions();
      try {
        backend.add(options, requested);
      } catch (OrtException | RuntimeException | LinkageError e) {
        options.close();
        throw new IllegalArgumentException("device: \"" + requested + "\": ONNX Runtime's " + provider.getName()
            + " cannot load: " + e.getMessage() + (requested.kind() == Device.Kind.CUDA
                ? "; install the CUDA 12 and cuDNN 9 libraries on the library path" : "")
            + ", or use device cpu or auto", e);
      }
      return new Placement(requested, requested, options, null);
    }
    List<String> failures = new ArrayList<>();
    for (Device candidate : autoCandidates()) {
      OrtSession.SessionOptions options = sessionOptions();
      try {
        backend.add(options, candidate);
        return new Placement(requested, candidate, options, null);
      } catch (OrtException | RuntimeException | LinkageError e) {
        options.close();
        failures.add(candidate + " cannot load (" + e.getMessage() + ")");
      }
    }
    String warning = null;
    if (!failures.isEmpty()) {
      warning = "device auto: " + String.join("; ", failures) + "; running on the CPU";
    } else if (nvidiaDriver && !backend.available().contains(OrtProvider.CUDA)) {
      warning = "device auto: this machine has an NVIDIA driver but this build of ONNX Runtime has no CUDA provider;"
          + " running on the CPU. For the GPU, " + GPU_BUILD;
    }
    return new Placement(requested, Device.CPU, sessionOptions(), warning);
  }

  /** Logs a placement's warning, if any, for the model it is used for. */
  static void warn(Placement placement, String model) {
    if (placement.warning() != null) {
      LOG.log(System.Logger.Level.WARNING, model + ": " + placement.warning());
    }
  }

  private List<Device> autoCandidates() {
    List<Device> candidates = new ArrayList<>();
    if (backend.available().contains(OrtProvider.CUDA)) {
      candidates.add(new Device(Device.Kind.CUDA, 0));
    }
    if (macOs && backend.available().contains(OrtProvider.CORE_ML)) {
      candidates.add(new Device(Device.Kind.COREML, 0));
    }
    return candidates;
  }

  private static OrtProvider provider(Device device) {
    return device.kind() == Device.Kind.CUDA ? OrtProvider.CUDA : OrtProvider.CORE_ML;
  }
}
