package krnel.cli;

import krnel.graph.OpSpec;

/**
 * An op with the name a graph source gave it: the variable path in a Java source or class
 * ({@code probe}, {@code probe.x}, {@code datasets[0]}), else its uuid.
 */
record NamedOp(String name, OpSpec op) {}
