package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model layouts whose hidden states the ONNX runner can find, and which tensor each Hugging
 * Face {@code hidden_states} index is in each of them. Index 0 is always the embedding output and
 * the last index ({@code layer_num} -1) the model's last hidden state as Hugging Face returns it:
 *
 * <table>
 *   <caption>hidden_states[i] per family, for a model of L layers</caption>
 *   <tr><th>family</th><th>0</th><th>1 ≤ i &lt; L</th><th>L (= -1)</th></tr>
 *   <tr><td>BERT encoders ({@code /encoder/layer.{k}/})</td><td>embedding LayerNorm output</td>
 *       <td>output of layer i-1 (its output LayerNorm)</td><td>output of layer L-1 ({@code last_hidden_state})</td></tr>
 *   <tr><td>GPT-2 decoders ({@code /transformer/h.{k}/})</td><td>token + position embeddings</td>
 *       <td>residual stream entering block i (= leaving block i-1)</td>
 *       <td>{@code ln_f} output: after the final LayerNorm, not the raw residual</td></tr>
 *   <tr><td>Llama/Qwen/Mistral decoders ({@code /model/layers.{k}/})</td><td>token embeddings</td>
 *       <td>residual stream entering layer i</td><td>{@code model.norm} output (after the final RMSNorm)</td></tr>
 * </table>
 *
 * <p>Decoder taps are found structurally, from the module scopes a PyTorch export writes into node
 * names: the residual entering a block is the one tensor its first norm reads from outside (not an
 * initializer or constant), and the final norm's output is the one tensor it hands to the rest of
 * the graph. This is Hugging Face's and krnel-graph's {@code hf:} meaning; TransformerLens'
 * {@code resid_pre} numbering (krnel-graph {@code tl:}) is shifted by one.
 */
enum ModelFamily {
  BERT("BERT encoder", "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight") {
    @Override
    String[] hiddenStates(OnnxMl.GraphProto graph) {
      return OnnxGraphs.bertHiddenStates(graph);
    }
  },
  GPT2("GPT-2 decoder", "transformer.wte.weight", "transformer.wpe.weight") {
    @Override
    String[] hiddenStates(OnnxMl.GraphProto graph) {
      return decoderHiddenStates(graph, "/transformer/h.", "/ln_1/", "/transformer/ln_f/");
    }
  },
  LLAMA("Llama/Qwen/Mistral decoder", "model.embed_tokens.weight", null) {
    @Override
    String[] hiddenStates(OnnxMl.GraphProto graph) {
      return decoderHiddenStates(graph, "/model/layers.", "/input_layernorm/", "/model/norm/");
    }
  };

  /** The graph output holding a causal LM head's logits in Hugging Face exports. */
  static final String LOGITS = "logits";

  final String description;
  private final String embeddings;
  private final String positionEmbeddings;

  ModelFamily(String description, String embeddings, String positionEmbeddings) {
    this.description = description;
    this.embeddings = embeddings;
    this.positionEmbeddings = positionEmbeddings;
  }

  /** The tensor names of {@code hidden_states[0..L]}, or null when the graph is not of this family. */
  abstract String[] hiddenStates(OnnxMl.GraphProto graph);

  /** The family whose layout {@code graph} has. */
  static ModelFamily of(OnnxMl.GraphProto graph, String model) {
    for (ModelFamily family : values()) {
      try {
        if (family.hiddenStates(graph) != null) {
          return family;
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model " + model + ": cannot find the hidden states of this "
            + family.description + " in its ONNX graph: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException("model " + model + ": cannot find the hidden states in the ONNX graph;"
        + " supported layouts are PyTorch exports (node names keep the module scopes) of BERT encoders"
        + " (/embeddings/LayerNorm, /encoder/layer.{i}/output/LayerNorm), GPT-2 decoders (/transformer/h.{i}/ln_1,"
        + " /transformer/ln_f) and Llama/Qwen/Mistral decoders (/model/layers.{i}/input_layernorm, /model/norm)");
  }

  /** The longest input the position embeddings allow, or -1 (rotary positions, or unknown). */
  int positions(OnnxMl.GraphProto graph) {
    OnnxMl.TensorProto matrix = positionEmbeddings == null ? null : initializer(graph, positionEmbeddings);
    return matrix == null ? -1 : (int) matrix.getDims(0);
  }

  /** The hidden size, from the token embedding matrix, or -1 when it cannot be found. */
  int hiddenSize(OnnxMl.GraphProto graph) {
    OnnxMl.TensorProto matrix = initializer(graph, embeddings);
    return matrix == null ? -1 : (int) matrix.getDims(1);
  }

  /** A 2-D initializer whose name ends with {@code suffix} (exports may prefix it), or null. */
  private static OnnxMl.TensorProto initializer(OnnxMl.GraphProto graph, String suffix) {
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (init.getName().endsWith(suffix) && init.getDimsCount() == 2) {
        return init;
      }
    }
    return null;
  }

  private static final Pattern BLOCK_INDEX = Pattern.compile("(\\d+)/.*");

  /**
   * {@code hidden_states} of a pre-norm decoder: entry i < L is the tensor entering block i's first
   * norm ({@code blocks + i + firstNorm}), entry L the output of the final norm. Null when the graph
   * has no such blocks or no final norm; an error when the scopes exist but do not connect as expected.
   */
  private static String[] decoderHiddenStates(OnnxMl.GraphProto graph, String blocks, String firstNorm,
      String finalNorm) {
    TreeSet<Integer> indices = new TreeSet<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      String scope = scope(node);
      if (scope.startsWith(blocks)) {
        Matcher m = BLOCK_INDEX.matcher(scope.substring(blocks.length()));
        if (m.matches()) {
          indices.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    if (indices.isEmpty() || !hasScope(graph, finalNorm)) {
      return null;
    }
    if (indices.first() != 0 || indices.last() != indices.size() - 1) {
      throw new IllegalArgumentException("blocks " + blocks + "{i} are not numbered 0..n-1: " + indices);
    }
    String[] names = new String[indices.size() + 1];
    for (int i : indices) {
      names[i] = only(scopeInputs(graph, blocks + i + firstNorm), "input of " + blocks + i + firstNorm);
    }
    names[indices.size()] = only(scopeOutputs(graph, finalNorm), "output of " + finalNorm);
    return names;
  }

  private static String only(Set<String> tensors, String what) {
    if (tensors.size() != 1) {
      throw new IllegalArgumentException("expected one " + what + ", found " + tensors);
    }
    return tensors.iterator().next();
  }

  /**
   * The scope a PyTorch export gave a node: its name ({@code /transformer/h.0/ln_1/Sub}), or for
   * exports that renamed nodes, the name its first output was derived from.
   */
  private static String scope(OnnxMl.NodeProto node) {
    if (node.getName().startsWith("/")) {
      return node.getName();
    }
    return node.getOutputCount() > 0 ? node.getOutput(0) : "";
  }

  private static boolean hasScope(OnnxMl.GraphProto graph, String scope) {
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (scope(node).startsWith(scope)) {
        return true;
      }
    }
    return false;
  }

  /** Tensors that nodes in {@code scope} read from outside it, weights and constants excepted. */
  private static Set<String> scopeInputs(OnnxMl.GraphProto graph, String scope) {
    Set<String> constants = new HashSet<>();
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      constants.add(init.getName());
    }
    Set<String> inside = new HashSet<>();
    List<OnnxMl.NodeProto> members = new ArrayList<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("Constant")) {
        constants.addAll(node.getOutputList());
      } else if (scope(node).startsWith(scope)) {
        members.add(node);
        inside.addAll(node.getOutputList());
      }
    }
    Set<String> inputs = new LinkedHashSet<>();
    for (OnnxMl.NodeProto node : members) {
      for (String in : node.getInputList()) {
        if (!in.isEmpty() && !inside.contains(in) && !constants.contains(in)) {
          inputs.add(in);
        }
      }
    }
    return inputs;
  }

  /** Tensors made in {@code scope} that nodes outside it, or the graph's outputs, read. */
  private static Set<String> scopeOutputs(OnnxMl.GraphProto graph, String scope) {
    Set<String> inside = new HashSet<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (scope(node).startsWith(scope)) {
        inside.addAll(node.getOutputList());
      }
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (!scope(node).startsWith(scope)) {
        for (String in : node.getInputList()) {
          if (inside.contains(in)) {
            outputs.add(in);
          }
        }
      }
    }
    for (OnnxMl.ValueInfoProto out : graph.getOutputList()) {
      if (inside.contains(out.getName())) {
        outputs.add(out.getName());
      }
    }
    return outputs;
  }
}
