/**
 * Probes: training ({@link krnel.probe.TrainClassifierImplementation}, models from the
 * {@link krnel.probe.ClassifierRegistry}), scoring ({@link krnel.probe.ClassifierPredictImplementation}) and
 * evaluation ({@link krnel.probe.ClassifierEvaluationImplementation}, {@link krnel.probe.Metrics}) of
 * krnel-graph's classifier ops. Every classifier name of krnel-graph is built in (the table is in
 * {@link krnel.probe.ClassifierRegistry}); trained models are stored in the portable JSON form of
 * {@link krnel.probe.ProbeModel}, one {@link krnel.probe.Scorer} kind per family of models. Reference numbers
 * come from scikit-learn ({@code src/test/resources/probe/make_fixtures.py}).
 */
package krnel.probe;
