package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The device field: parsing, and choosing an execution provider with fallback under auto only. */
class DevicesTest {
  /** An ONNX Runtime that lists {@code available} and whose accelerators load only if {@code loads}. */
  private static final class FakeBackend implements ExecutionProviders.Backend {
    final Set<OrtProvider> available;
    final boolean loads;
    final List<Device> added = new ArrayList<>();

    FakeBackend(boolean loads, OrtProvider... available) {
      this.available = EnumSet.of(OrtProvider.CPU, available);
      this.loads = loads;
    }

    @Override
    public Set<OrtProvider> available() {
      return available;
    }

    @Override
    public void add(OrtSession.SessionOptions options, Device device) throws OrtException {
      added.add(device);
      if (!loads) {
        // what the GPU jar says on a machine without the CUDA libraries
        throw new OrtException("libcublasLt.so.12: cannot open shared object file: No such file or directory");
      }
    }
  }

  private static ExecutionProviders.Placement place(ExecutionProviders.Backend backend, boolean mac, String device)
      throws OrtException {
    ExecutionProviders.Placement placement =
        new ExecutionProviders(backend, mac, false).place(Device.parse(device));
    placement.options().close();
    return placement;
  }

  @Test
  void devicesParse() {
    assertEquals(Device.AUTO, Device.parse("auto"));
    assertEquals(Device.CPU, Device.parse("CPU"));
    assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
    assertEquals(new Device(Device.Kind.CUDA, 3), Device.parse("cuda:3"));
    assertEquals("cuda:3", Device.parse("cuda:3").toString());
    assertEquals(new Device(Device.Kind.COREML, 0), Device.parse("coreml"));
    for (String bad : new String[] {"mps", "cuda:", "cuda:x", "gpu", ""}) {
      String message = assertThrows(IllegalArgumentException.class, () -> Device.parse(bad)).getMessage();
      assertTrue(message.startsWith("device: \"" + bad + "\""), message);
      assertTrue(message.contains("auto, cpu, cuda, cuda:N, coreml"), message);
    }
  }

  @Test
  void autoTakesCudaWhenItLoads() throws OrtException {
    FakeBackend backend = new FakeBackend(true, OrtProvider.CUDA);
    ExecutionProviders.Placement placement = place(backend, false, "auto");
    assertEquals(new Device(Device.Kind.CUDA, 0), placement.device());
    assertTrue(placement.mayFallBack());
    assertNull(placement.warning());
    assertEquals(new Device(Device.Kind.CUDA, 2), place(backend, false, "cuda:2").device());
  }

  @Test
  void autoFallsBackToTheCpuWithAWarningWhenCudaCannotLoad() throws OrtException {
    ExecutionProviders.Placement placement = place(new FakeBackend(false, OrtProvider.CUDA), false, "auto");
    assertEquals(Device.CPU, placement.device());
    assertEquals("device auto: cuda:0 cannot load (libcublasLt.so.12: cannot open shared object file: No such file"
        + " or directory); running on the CPU", placement.warning());
  }

  @Test
  void explicitCudaThatCannotLoadIsAnError() {
    String message = assertThrows(IllegalArgumentException.class,
        () -> place(new FakeBackend(false, OrtProvider.CUDA), false, "cuda")).getMessage();
    assertTrue(message.startsWith("device: \"cuda:0\": ONNX Runtime's CUDAExecutionProvider cannot load:"
        + " libcublasLt.so.12"), message);
    assertTrue(message.contains("CUDA 12 and cuDNN 9") && message.contains("use device cpu or auto"), message);
  }

  @Test
  void coreMlOnMacOsOnly() throws OrtException {
    assertEquals(new Device(Device.Kind.COREML, 0), place(new FakeBackend(true, OrtProvider.CORE_ML), true, "auto").device());
    assertEquals(Device.CPU, place(new FakeBackend(true, OrtProvider.CORE_ML), false, "auto").device());
    String message = assertThrows(IllegalArgumentException.class,
        () -> place(new FakeBackend(true), false, "coreml")).getMessage();
    assertTrue(message.contains("CoreMLExecutionProvider, which this build does not have"), message);
  }

  @Test
  void aCpuBuildOnAMachineWithAnNvidiaDriverWarnsUnderAuto() throws OrtException {
    ExecutionProviders.Placement placement =
        new ExecutionProviders(new FakeBackend(true), false, true).place(Device.AUTO);
    placement.options().close();
    assertEquals(Device.CPU, placement.device());
    assertTrue(placement.warning().contains("has no CUDA provider") && placement.warning().contains("-P gpu"),
        placement.warning());
  }

  /** On this build (the CPU jar, no CUDA): explicit cuda is a clear error, auto runs on the CPU. */
  @Test
  void theRealRuntimeWithoutCuda() throws OrtException {
    assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build (-P gpu)");
    String message = assertThrows(IllegalArgumentException.class,
        () -> ExecutionProviders.system().place(Device.parse("cuda:1"))).getMessage();
    assertTrue(message.startsWith("device: \"cuda:1\" needs ONNX Runtime's CUDAExecutionProvider, which this build"
        + " does not have (it has [CPU"), message);
    assertTrue(message.contains("build with -P gpu"), message);
    ExecutionProviders.Placement auto = ExecutionProviders.system().place(Device.AUTO);
    auto.options().close();
    assertTrue(auto.device().equals(Device.CPU) || auto.device().kind() == Device.Kind.COREML, auto.toString());
  }
}
