package krnel.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop button in real Jupyter: {@code interrupt.py} drives the installed Krnel kernel through jupyter_client,
 * as Jupyter's UI does, and calls {@code interrupt_kernel()} (an interrupt_request message) while a {@code %%krnelop}
 * op computes. The cell must end with the op's interruption as its error, soon; the op's status must say failed,
 * interrupted; and the kernel must run the next cell. Skipped where Jupyter is not installed.
 */
class InterruptInJupyterTest {
  @TempDir Path temp;

  @Test
  void theStopButtonStopsTheRunningOpAndTheKernelRunsOn() throws Exception {
    RealJupyter jupyter = RealJupyter.install(temp);
    Path script = temp.resolve("interrupt.py");
    try (var in = InterruptInJupyterTest.class.getResourceAsStream("interrupt.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path cell = Files.writeString(temp.resolve("slow-op-cell.java"), KrnelKernelTest.SLOW_OP_CELL);
    String output = jupyter.run(List.of(RealJupyter.python(), script.toString(), cell.toString()), jupyter.kernelPath(),
        temp, 300);
    String json = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("interrupt.py printed no JSON:\n" + output));
    JsonNode cells = new ObjectMapper().readTree(json);

    assertEquals("ok", cells.path("declare").path("status").asText(), cells.toString());
    JsonNode slow = cells.path("slow");
    assertEquals("error", slow.path("status").asText(), slow.toString());
    assertTrue(slow.path("text").asText().contains("slow op computing"), slow.toString());
    String error = slow.path("error").asText();
    assertTrue(error.contains("SlowCountOp") && error.contains("failed: interrupted"), error);
    assertTrue(slow.path("seconds_after_interrupt").asDouble() < 30, "the cell ended long after the interrupt: " + slow);
    assertTrue(cells.path("status").path("text").asText().contains("failed     SlowCountOp"), cells.path("status").toString());
    assertEquals("ok", cells.path("next").path("status").asText(), cells.toString());
    assertTrue(cells.path("next").path("text").asText().startsWith("2"), cells.path("next").toString());
  }
}
