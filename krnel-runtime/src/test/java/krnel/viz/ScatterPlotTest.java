package krnel.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import krnel.ops.LoadInlineJsonDatasetOp;
import krnel.ops.UMAPVizOp;
import krnel.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ScatterPlotTest {
  @TempDir
  Path dir;

  static float[][] twoGroups(int perGroup) {
    Random random = new Random(2);
    float[][] points = new float[2 * perGroup][];
    for (int i = 0; i < points.length; i++) {
      float offset = i < perGroup ? 0 : 6;
      points[i] = new float[] {offset + (float) random.nextGaussian(), offset + (float) random.nextGaussian()};
    }
    return points;
  }

  static List<String> labels(int perGroup) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 2 * perGroup; i++) {
      labels.add(i < perGroup ? "ham" : "spam");
    }
    return labels;
  }

  @Test
  void pngDecodesWithBothCategoryColours() throws Exception {
    Path png = dir.resolve("plot.png");
    ScatterPlot.of(twoGroups(50)).categories("label", labels(50)).title("two groups").write(png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(700, image.getHeight());
    int blue = 0;
    int orange = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        blue += r < 110 && g > 130 && g < 180 && b > 180 ? 1 : 0; // #1f77b4 at 75% over white
        orange += r > 240 && g > 140 && g < 180 && b < 100 ? 1 : 0; // #ff7f0e at 75% over white
      }
    }
    assertTrue(blue > 500 && orange > 500, "blue " + blue + ", orange " + orange);
  }

  @Test
  void htmlHasOneCirclePerPointAndIsWellFormed() throws Exception {
    Path html = dir.resolve("plot.html");
    double[] scores = new double[100];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i / 10.0;
    }
    ScatterPlot.of(twoGroups(50)).values("score <&>", scores).title("a \"title\"").write(html);
    String text = Files.readString(html);
    assertEquals(100, count(text, "<circle "));
    assertTrue(text.contains("<title>row 3: score &lt;&amp;&gt; = 0.3</title>"), text.substring(0, 2000));
    assertTrue(text.contains(">9.900</text>") && text.contains(">0.000</text>"), "the colour bar's extremes");
    String svg = text.substring(text.indexOf("<svg"), text.indexOf("</svg>") + 6);
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals(100, document.getElementsByTagName("circle").getLength());
  }

  @Test
  void badInputsAreClearErrors() {
    ScatterPlot plot = ScatterPlot.of(twoGroups(2));
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> plot.categories("label", List.of("a")));
    assertEquals("label: has 1 rows, but the plot has 4 points; colour by a column of the same dataset",
        length.getMessage());
    IllegalArgumentException extension = assertThrows(IllegalArgumentException.class,
        () -> plot.write(dir.resolve("plot.jpg")));
    assertTrue(extension.getMessage().endsWith("must end in .png or .html"), extension.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of(new float[][] {{1, 2, 3}}));
  }

  /** {@code umap.toPlot(column, file)}: booleans become the categories "false" and "true". */
  @Test
  void umapToPlotThroughTheRunner() throws Exception {
    float[][] x = UmapTest.blobs(20, 2, 5, 6.0, new Random(9));
    Map<String, List<?>> data = new LinkedHashMap<>();
    List<List<Double>> rows = new ArrayList<>();
    List<Boolean> spam = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      List<Double> values = new ArrayList<>();
      for (float v : x[i]) {
        values.add((double) v);
      }
      rows.add(values);
      spam.add(i >= 20);
    }
    data.put("x", rows);
    data.put("spam", spam);
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      UMAPVizOp umap = ds.colVector("x").umapVis(o -> o.nNeighbors(10));
      Path html = dir.resolve("umap.html");
      umap.toPlot(ds.colBoolean("spam"), html);
      String text = Files.readString(html);
      assertEquals(40, count(text, "<circle "));
      assertTrue(text.contains(">spam</text>") && text.contains(">false</text>") && text.contains(">true</text>"));
      Path png = dir.resolve("umap.png");
      umap.toPlot(ds.colBoolean("spam"), png);
      assertEquals(900, ImageIO.read(png.toFile()).getWidth());
    }
  }

  /** A boolean made from categories shows the categories, under the column's name; tooltips show each row's text. */
  @Test
  void categoriesBehindABooleanAndRowTextsInTooltips() {
    Map<String, List<?>> data = new LinkedHashMap<>();
    data.put("label", List.of("ham", "spam", "spam", "ham"));
    data.put("text", List.of("hello", "buy <now>", "free money", "meeting at 3"));
    try (Runner runner = Runner.memory()) {
      LoadInlineJsonDatasetOp ds = runner.fromInlineDataset(data);
      String svg = ScatterPlot.of(new float[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}})
          .colorBy(runner, ds.colCategorical("label").isIn("spam"))
          .texts(runner.toStrings(ds.colText("text")))
          .svg();
      assertEquals(4, count(svg, "<circle class=\"mark\""));
      assertTrue(svg.contains("data-marks=\"4\""), svg);
      assertTrue(svg.contains(">spam</text>") && svg.contains(">ham</text>") && svg.contains(">label</text>"), svg);
      assertTrue(!svg.contains(">true</text>"), svg);
      assertTrue(svg.contains("<title>row 1: buy &lt;now&gt; — label = spam</title>"), svg);
    }
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
