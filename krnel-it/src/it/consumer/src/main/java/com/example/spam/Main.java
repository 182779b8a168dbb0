package com.example.spam;

import static com.example.spam.KrnelOps.shouting;

import java.util.List;
import java.util.Map;
import krnel.runner.Runner;
import krnel.types.ScoreColumn;
import krnel.types.TextColumn;
import krnel.types.VectorColumn;

/** Scores prompts with the user's op and MiniLM activations; prints one line per prompt. */
public final class Main {
  static final List<String> PROMPTS = List.of("FREE MONEY, CLICK NOW", "lunch at noon?");

  public static void main(String[] args) {
    try (Runner runner = Runner.memory()) {
      TextColumn text = runner.fromInlineDataset(Map.of("text", PROMPTS)).colText("text");
      ScoreColumn shouting = text.then(shouting());
      VectorColumn x = text.llmLayerActivations("builtin:all-minilm-l6-v2-q", -1, o -> o.maxLength(32));
      double[] scores = runner.toDoubleArray(shouting);
      float[][] vectors = runner.toFloatMatrix(x);
      for (int i = 0; i < PROMPTS.size(); i++) {
        System.out.printf("%s: shouting %.2f, %d activations%n", PROMPTS.get(i), scores[i], vectors[i].length);
      }
    }
  }
}
