package krnel.spark;

import java.io.Serializable;

/** A task's report: slice {@code index}'s rows are in the part at {@code path}. */
record PartWritten(int index, String path) implements Serializable {}
