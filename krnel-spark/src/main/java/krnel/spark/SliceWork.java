package krnel.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * One task's rows: the slice, and the rows of the row-aligned inputs the store cannot give
 * executors (ephemeral ones, or a store in the driver's memory), sliced on the driver.
 */
record SliceWork(RowSlices.Slice slice, Map<String, byte[]> shippedRows) implements Serializable {}
