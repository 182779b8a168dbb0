package krnel.types;

import java.nio.file.Path;
import krnel.annotations.ColumnType;
import krnel.graph.OpSpec;
import krnel.viz.ScatterPlot;

/** A 2-D embedding of vectors, for plotting. */
@ColumnType
public interface VizEmbeddingColumn extends OpSpec, VizEmbeddingColumnFluent {
  /**
   * A scatter plot of this embedding coloured by {@code color}, a boolean, text, categorical or score
   * column of the same rows; set its title, then {@code write} it.
   */
  default ScatterPlot toPlot(OpSpec color) {
    return ScatterPlot.of(this, color);
  }

  /** Writes the scatter plot of this embedding coloured by {@code color}: a PNG for {@code .png}, HTML for {@code .html}. */
  default void toPlot(OpSpec color, Path file) {
    toPlot(color).write(file);
  }
}
