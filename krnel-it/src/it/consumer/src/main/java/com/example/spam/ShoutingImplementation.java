package com.example.spam;

import java.util.List;
import krnel.annotations.Implementation;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

@Implementation
public final class ShoutingImplementation implements OpImplementation<ShoutingOp> {
  @Override public Class<ShoutingOp> opType() { return ShoutingOp.class; }
  @Override public String version() { return "1"; }

  @Override public Result compute(ShoutingOp op, Inputs inputs) {
    List<String> texts = inputs.strings(op.text());
    double[] share = new double[texts.size()];
    for (int row = 0; row < share.length; row++) {
      String text = texts.get(row);
      long letters = text.chars().filter(Character::isLetter).count();
      share[row] = letters == 0 ? 0 : (double) text.chars().filter(Character::isUpperCase).count() / letters;
    }
    return Result.doubles(op, share);
  }
}
