package krnel.impl;

import krnel.runner.KrnelModule;

/** The implementations of krnel's dataset ops: loading, column selection, row ops, labels, templates, splits, row ids. */
public final class BuiltinModule extends KrnelModule {
  @Override
  protected void configure() {
    implement(new LoadInlineJsonDatasetImplementation());
    implement(new LoadLocalParquetDatasetImplementation());
    implement(new SelectColumnImplementation());
    implement(new TakeRowsImplementation());
    implement(new MaskRowsImplementation());
    implement(new CategoryToBooleanImplementation());
    implement(new BooleanLogicImplementation());
    implement(new VectorToScalarImplementation());
    implement(new PairwiseArithmeticImplementation());
    implement(new ParseJsonColumnImplementation());
    implement(new JinjaTemplatizeImplementation());
    implement(new AssignTrainTestSplitImplementation());
    implement(new AssignRowIdImplementation());
    implement(new GroupedOpImplementation());
    implement(new krnel.probe.TrainClassifierImplementation());
    implement(new krnel.probe.ClassifierPredictImplementation());
    implement(new krnel.probe.ClassifierEvaluationImplementation());
    implement(new krnel.viz.UMAPVizImplementation());
  }
}
