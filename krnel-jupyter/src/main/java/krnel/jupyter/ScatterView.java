package krnel.jupyter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import krnel.graph.OpSpec;
import krnel.runner.Columns;
import krnel.runner.Runner;
import krnel.viz.ScatterPlot;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A 2-D embedding (a UMAP op) as krnel.viz's scatter plot, a PNG inline: coloured by a column of the
 * same rows (booleans and strings as categories, numbers on a colour scale), computed with the
 * notebook's runner.
 */
final class ScatterView {
  private ScatterView() {}

  static Rich of(Runner runner, OpSpec embedding, OpSpec colour) {
    float[][] points = runner.toFloatMatrix(embedding);
    ScatterPlot plot = ScatterPlot.of(points);
    String title = embedding.wireName() + " " + OpView.hashPrefix(embedding);
    if (colour != null) {
      String name = colour.parameters().get("column_name") instanceof String column ? column : colour.wireName();
      title += " coloured by " + name;
      try (VectorSchemaRoot table = runner.toArrow(colour)) {
        FieldVector column = Columns.single(table, "colour");
        if (column.getValueCount() != points.length) {
          throw new IllegalArgumentException("scatter(" + embedding.wireName() + ", " + colour.wireName() + "): the colour"
              + " has " + column.getValueCount() + " rows, the embedding " + points.length
              + "; colour by a column of the dataset the embedding was computed from");
        }
        if (column instanceof BitVector) {
          List<String> names = new ArrayList<>();
          for (boolean flag : Columns.booleans(column, "colour")) {
            names.add(String.valueOf(flag));
          }
          plot.categories(name, names);
        } else if (column instanceof FloatingPointVector || column instanceof BaseIntVector) {
          plot.values(name, Columns.doubles(column, "colour"));
        } else {
          plot.categories(name, Columns.strings(column, "colour"));
        }
      }
    }
    plot.title(title);
    try {
      Path file = Files.createTempFile("krnel-scatter", ".png");
      try {
        plot.writePng(file);
        return Rich.text(title + " (" + points.length + " points)")
            .with("image/png", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("scatter(" + embedding.wireName() + "): cannot write the PNG: " + e.getMessage(), e);
    }
  }
}
