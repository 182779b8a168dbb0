/**
 * Ops declared only for the tests of the spec layer: Java versions of the fixtures of krnel-graph's
 * {@code tests/test_graph.py}, {@code tests/test_graph_transformations.py} and
 * {@code tests/test_op_spec.py}. Their wire names are the Python class names, so that the golden
 * uuids of those tests can be checked; keep the names unique across all test sources (the op
 * catalogue rejects two classes with one wire name).
 */
package krnel.graph.testops;
