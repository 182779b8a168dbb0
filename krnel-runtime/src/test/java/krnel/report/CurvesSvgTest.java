package krnel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import krnel.probe.Curves;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CurvesSvgTest {
  @Test
  void oneWellFormedPolylinePerProbeWithItsPoints() throws Exception {
    Map<String, Curves.Roc> curves = new LinkedHashMap<>();
    curves.put("probe <logreg>", Curves.roc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}));
    curves.put("keywords", Curves.roc(new double[] {1, 2, 3}, new boolean[] {false, true, true}));
    String svg = CurvesSvg.roc(curves);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    NodeList lines = doc.getElementsByTagName("polyline");
    assertEquals(2, lines.getLength());
    Element first = (Element) lines.item(0);
    assertEquals(curves.get("probe <logreg>").fpr().length, first.getAttribute("points").trim().split(" ").length);
    assertEquals("probe <logreg>", first.getElementsByTagName("title").item(0).getTextContent());
  }
}
