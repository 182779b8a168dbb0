package krnel.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A tokenizer's vocabulary as Hugging Face's {@code tokenizer.vocab} has it: the model's token
 * strings (BPE and WordPiece maps, Unigram lists) plus the added tokens, each with its id.
 */
final class Vocabulary {
  private final Map<String, Integer> ids = new HashMap<>();
  private int size;

  /** The vocabulary of a {@code tokenizer.json}. */
  static Vocabulary of(byte[] tokenizerJson) {
    try {
      JsonNode root = new ObjectMapper().readTree(tokenizerJson);
      Vocabulary vocabulary = new Vocabulary();
      JsonNode vocab = root.path("model").path("vocab");
      if (vocab.isObject()) {
        vocab.fields().forEachRemaining(e -> vocabulary.add(e.getKey(), e.getValue().asInt()));
      } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], the id is the position
        for (int i = 0; i < vocab.size(); i++) {
          vocabulary.add(vocab.get(i).get(0).asText(), i);
        }
      }
      for (JsonNode added : root.path("added_tokens")) {
        vocabulary.add(added.path("content").asText(), added.path("id").asInt());
      }
      return vocabulary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer.json: " + e.getMessage(), e);
    }
  }

  private void add(String token, int id) {
    ids.put(token, id);
    size = Math.max(size, id + 1);
  }

  /** The id of the vocabulary entry {@code token}, or null. */
  Integer id(String token) {
    return ids.get(token);
  }

  /** One more than the largest id. */
  int size() {
    return size;
  }
}
