package krnel.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import krnel.ops.LLMLayerActivationsOp.TokenMode;

/**
 * Hidden states of a BERT-style ONNX model: tokenize without padding, sort prompts by length, run
 * batches right-padded to their longest prompt, pool each prompt's real tokens.
 */
final class LayerActivations {
  private LayerActivations() {}

  /** Token ids and type ids of one prompt, special tokens included, truncated. */
  record Tokens(long[] ids, long[] types) {
    int length() {
      return ids.length;
    }
  }

  /** Each text's tokens; null for null texts. */
  static List<Tokens> tokenize(HuggingFaceTokenizer tokenizer, List<String> texts) {
    List<Tokens> tokens = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text == null) {
        tokens.add(null);
      } else {
        Encoding encoding = tokenizer.encode(text);
        tokens.add(new Tokens(encoding.getIds(), encoding.getTypeIds()));
      }
    }
    return tokens;
  }

  /** The prefix of a decoder's key/value cache inputs, fed empty: krnel runs each prompt from its start. */
  static final String PAST = "past_key_values.";

  /** A right-padded batch's hidden states: {@code values[(row * width + position) * hidden + k]}. */
  record States(float[] values, int rows, int width, int hidden) {}

  /**
   * Runs {@code session} (one float output {@code [batch, seq, hidden]}) on {@code batch}, padded
   * on the right with id 0 and attention mask 0 to its longest prompt.
   */
  static States forward(OrtSession session, List<Tokens> batch) throws OrtException {
    return forward(session, batch, null);
  }

  /** As {@link #forward(OrtSession, List)}, fetching the output {@code output} (null: the first output). */
  static States forward(OrtSession session, List<Tokens> batch, String output) throws OrtException {
    int rows = batch.size();
    int width = 0;
    for (Tokens t : batch) {
      width = Math.max(width, t.length());
    }
    LongBuffer ids = LongBuffer.allocate(rows * width);
    LongBuffer mask = LongBuffer.allocate(rows * width);
    LongBuffer types = LongBuffer.allocate(rows * width);
    for (int r = 0; r < rows; r++) {
      Tokens t = batch.get(r);
      for (int p = 0; p < width; p++) {
        boolean real = p < t.length();
        ids.put(real ? t.ids()[p] : 0);
        mask.put(real ? 1 : 0);
        types.put(real ? t.types()[p] : 0);
      }
    }
    ids.flip();
    mask.flip();
    types.flip();
    long[] shape = {rows, width};
    OrtEnvironment env = OrtSetup.environment();
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (String input : session.getInputNames()) {
        switch (input) {
          case "input_ids": feed.put(input, OnnxTensor.createTensor(env, ids, shape)); break;
          case "attention_mask": feed.put(input, OnnxTensor.createTensor(env, mask, shape)); break;
          case "token_type_ids": feed.put(input, OnnxTensor.createTensor(env, types, shape)); break;
          case "position_ids": feed.put(input, OnnxTensor.createTensor(env, positions(batch, width), shape)); break;
          default:
            if (!input.startsWith(PAST)) {
              throw new IllegalArgumentException("the model has an input " + input + "; only input_ids, attention_mask,"
                  + " token_type_ids, position_ids and " + PAST + "* (an empty cache) can be fed");
            }
            feed.put(input, emptyCache(session, input, rows));
        }
      }
      try (OrtSession.Result result = SessionTurns.take(session,
          () -> output == null ? session.run(feed) : session.run(feed, java.util.Set.of(output)))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        long[] outShape = out.getInfo().getShape();
        if (outShape.length != 3 || outShape[0] != rows || outShape[1] != width) {
          throw new IllegalStateException("expected hidden states of shape [" + rows + ", " + width
              + ", hidden], got " + java.util.Arrays.toString(outShape));
        }
        FloatBuffer buffer = out.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return new States(values, rows, width, (int) outShape[2]);
      }
    } finally {
      for (OnnxTensor tensor : feed.values()) {
        tensor.close();
      }
    }
  }

  /**
   * An empty key or value cache for a decoder exported with one ({@code text-generation-with-past},
   * the default of Optimum and of many Hub repositories): {@code [rows, heads, 0, head size]}, the
   * past length being the one size the export leaves open besides the batch.
   */
  private static OnnxTensor emptyCache(OrtSession session, String input, int rows) throws OrtException {
    TensorInfo info = (TensorInfo) session.getInputInfo().get(input).getInfo();
    long[] shape = info.getShape();
    int open = 0;
    for (int d = 1; d < shape.length; d++) {
      if (shape[d] < 0) {
        shape[d] = 0;
        open++;
      }
    }
    if (shape.length != 4 || open != 1 || (info.type != OnnxJavaType.FLOAT && info.type != OnnxJavaType.FLOAT16)) {
      throw new IllegalArgumentException("the model's cache input " + input + " is " + info
          + "; expected a float tensor [batch, heads, past length, head size] with only the batch and past"
          + " length left open");
    }
    shape[0] = rows;
    return OnnxTensor.createTensor(OrtSetup.environment(), ByteBuffer.allocateDirect(0), shape, info.type);
  }

  /**
   * Position ids from the attention mask, as Hugging Face derives them ({@code cumsum(mask) - 1},
   * pads set to 1): with right padding, 0..n-1 for a prompt's n real tokens.
   */
  private static LongBuffer positions(List<Tokens> batch, int width) {
    LongBuffer positions = LongBuffer.allocate(batch.size() * width);
    for (Tokens t : batch) {
      for (int p = 0; p < width; p++) {
        positions.put(p < t.length() ? p : 1);
      }
    }
    return positions.flip();
  }

  /** Each prompt's result in input order (null for null prompts), and the hidden size (-1 if no prompt ran). */
  record Pooled(float[][] rows, int hidden) {}

  /**
   * Each prompt's result ({@link TokenPooling#pool}). Prompts are sorted by length and cut into
   * batches of {@code batchSize}, so each batch pads little.
   */
  static Pooled compute(OrtSession session, List<Tokens> tokens, TokenMode mode, int batchSize,
      IntConsumer done) throws OrtException {
    float[][] vectors = new float[tokens.size()][];
    int hidden = -1;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i) != null) {
        if (tokens.get(i).length() == 0) {
          throw new IllegalArgumentException("text: row " + i + " has no tokens (an empty string, and this"
              + " tokenizer adds no special tokens), so it has no last token to read; drop or fill empty rows");
        }
        order.add(i);
      }
    }
    order.sort(Comparator.comparingInt((Integer i) -> tokens.get(i).length()).thenComparingInt(i -> i));
    for (int start = 0; start < order.size(); start += batchSize) {
      List<Integer> rows = order.subList(start, Math.min(order.size(), start + batchSize));
      List<Tokens> batch = new ArrayList<>(rows.size());
      for (int i : rows) {
        batch.add(tokens.get(i));
      }
      States states = forward(session, batch);
      hidden = states.hidden();
      for (int r = 0; r < rows.size(); r++) {
        vectors[rows.get(r)] = TokenPooling.pool(states, r, batch.get(r).length(), mode);
      }
      done.accept(rows.size());
    }
    return new Pooled(vectors, hidden);
  }
}
