package krnel.runner;

import krnel.graph.OpSpec;

/** Test fixture: the runtime's OpImplementation reduced to what generated modules refer to. */
public interface OpImplementation<T extends OpSpec> {
  Class<T> opType();
}
