/**
 * Probes: training ({@link krnel.probe.TrainClassifierImplementation}, models from the
 * {@link krnel.probe.ClassifierRegistry}), scoring ({@link krnel.probe.ClassifierPredictImplementation}) and
 * evaluation ({@link krnel.probe.ClassifierEvaluationImplementation}, {@link krnel.probe.Metrics}) of
 * krnel-graph's classifier ops. Trained models are stored in the portable JSON form of
 * {@link krnel.probe.ProbeModel}. Reference numbers come from scikit-learn
 * ({@code src/test/resources/probe/make_fixtures.py}).
 */
package krnel.probe;
