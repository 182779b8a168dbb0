package krnel.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import krnel.ops.ImmutableLLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp;
import krnel.ops.LLMLayerActivationsOp.TokenMode;
import krnel.runner.OpFailedException;
import krnel.runner.Runner;
import krnel.types.TextColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose weights are in external data files (every export over 2 GB, and many Hub ONNX
 * repositories): the GPT-2 fixture rewritten with its weights in {@code model.onnx_data} gives the
 * same vectors, records a digest that covers the data file, and names a missing data file.
 */
class ExternalDataTest {
  private static final List<String> TEXTS = List.of("Hello world!", "Probes read the residual stream of a model.");

  @TempDir Path dir;

  /** The fixture's model as {@code model.onnx} (graph) and {@code model.onnx_data} (every weight over 64 bytes). */
  private static Path externalize(OnnxDecoderTest.Fixture fixture, Path target, String location) throws IOException {
    OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(fixture.dir().resolve("model.onnx")));
    Files.createDirectories(target);
    Files.copy(fixture.dir().resolve("tokenizer.json"), target.resolve("tokenizer.json"));
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer();
    try (OutputStream data = Files.newOutputStream(target.resolve("model.onnx_data"))) {
      long offset = 0;
      for (OnnxMl.TensorProto init : model.getGraph().getInitializerList()) {
        byte[] raw = init.getRawData().toByteArray();
        if (raw.length <= 64) {
          graph.addInitializer(init);
          continue;
        }
        data.write(raw);
        graph.addInitializer(init.toBuilder().clearRawData().setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location)).addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Integer.toString(raw.length))));
        offset += raw.length;
      }
    }
    Files.write(target.resolve("model.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
    return target;
  }

  private static OnnxMl.StringStringEntryProto entry(String key, String value) {
    return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static LLMLayerActivationsOp op(Runner runner, String model, int layer) {
    TextColumn text = runner.fromInlineDataset(Map.of("text", TEXTS)).colText("text");
    return ImmutableLLMLayerActivationsOp.builder().modelName(model).text(text).layerNum(layer)
        .tokenMode(TokenMode.MEAN).batchSize(2).maxLength(64).device("cpu").build();
  }

  @Test
  void weightsInADataFileGiveTheSameVectors() throws Exception {
    Path folder = externalize(OnnxDecoderTest.GPT2, dir.resolve("gpt2"), "model.onnx_data");
    assertTrue(Files.size(folder.resolve("model.onnx")) < Files.size(folder.resolve("model.onnx_data")) / 4);
    try (Runner runner = Runner.memory()) {
      for (int layer : List.of(1, -1)) {
        float[][] inline = runner.toFloatMatrix(op(runner, OnnxDecoderTest.GPT2.model(), layer));
        float[][] external = runner.toFloatMatrix(op(runner, "onnx:" + folder, layer));
        for (int i = 0; i < TEXTS.size(); i++) {
          assertArrayEquals(inline[i], external[i], 0f);
        }
      }
    }
    OnnxModel model = OnnxModel.get("onnx:" + folder);
    OnnxMl.ModelProto tapped = OnnxGraphs.tap(model.proto, model.hiddenState(2), true);
    assertSame(tapped, EncoderFusions.apply(tapped).model(), "ORT's optimized copy would inline every weight");
  }

  @Test
  void theDigestCoversTheDataFileSoChangedWeightsShowAsStale() throws IOException {
    Path folder = externalize(OnnxDecoderTest.GPT2, dir.resolve("gpt2"), "model.onnx_data");
    try (Runner runner = Runner.open(dir.resolve("store").toString())) {
      LLMLayerActivationsOp op = op(runner, "onnx:" + folder, -1);
      float[][] before = runner.toFloatMatrix(op);
      String sha = runner.status(op).provenance().get("model_sha256");
      assertTrue(runner.staleness(op).isEmpty());

      // new weights, same graph file: the sign bit of the first weight (little-endian: its fourth byte)
      Path data = folder.resolve("model.onnx_data");
      byte[] bytes = Files.readAllBytes(data);
      bytes[3] ^= (byte) 0x80;
      Files.write(data, bytes);
      Files.setLastModifiedTime(data, FileTime.fromMillis(Files.getLastModifiedTime(data).toMillis() + 2000));
      String changed = OnnxModel.provenance("onnx:" + folder).get("model_sha256");
      assertNotEquals(sha, changed);
      assertEquals("model_sha256 was " + sha + ", now " + changed, runner.staleness(op).orElseThrow());
      runner.recompute(op);
      assertEquals(changed, OnnxModel.get("onnx:" + folder).modelSha256, "the new weights are loaded");
      float[][] after = runner.toFloatMatrix(op);
      assertFalse(Arrays.equals(before[0], after[0]), "the recomputed vectors use the new weights");
    }
  }

  @Test
  void aMissingOrEscapingDataFileIsAnErrorNamingItAndTheFix() throws IOException {
    Path missing = externalize(OnnxDecoderTest.GPT2, dir.resolve("missing"), "model.onnx_data");
    Files.delete(missing.resolve("model.onnx_data"));
    Path escaping = externalize(OnnxDecoderTest.GPT2, dir.resolve("escaping"), "../elsewhere.bin");
    try (Runner runner = Runner.memory()) {
      OpFailedException gone = assertThrows(OpFailedException.class,
          () -> runner.materialize(op(runner, "onnx:" + missing, -1)));
      assertTrue(gone.getMessage().contains(missing.resolve("model.onnx_data") + ", which does not exist"),
          gone.getMessage());
      assertTrue(gone.getMessage().contains("copy the model's data files"), gone.getMessage());
      OpFailedException outside = assertThrows(OpFailedException.class,
          () -> runner.materialize(op(runner, "onnx:" + escaping, -1)));
      assertTrue(outside.getMessage().contains("\"../elsewhere.bin\", which is not a file inside"), outside.getMessage());
    }
  }
}
