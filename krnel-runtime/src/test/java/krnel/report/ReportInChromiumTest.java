package krnel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The report in a real headless Chromium, Debian's {@code chromium} and {@code chromium-driver} (`.ci/run` installs
 * them): no console errors, every chart has its marks, one DAG node per op, a click shows an op's details, and a
 * screenshot in target/ for a person to look at. The browser and the driver are given by path, so Selenium Manager
 * is never asked to find (or download) either.
 */
class ReportInChromiumTest {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  @Test
  void theReportWorksInChromium(@TempDir Path dir) throws Exception {
    assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "skipped: no /usr/bin/chromium and /usr/bin/chromedriver; apt-get install chromium chromium-driver (as .ci/run does)");
    ReportFixture.Written written = ReportFixture.write(dir);
    // Selenium Manager unpacks itself here when it runs; with browser and driver given, it must not run
    Path managerCache = Path.of(System.getProperty("user.home"), ".cache", "selenium");
    boolean managerCacheBefore = Files.exists(managerCache);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1400,1600", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(written.html().toUri().toString());

      List<WebElement> nodes = driver.findElements(By.cssSelector("svg.dag g.node"));
      assertEquals(written.ops(), nodes.size(), "one DAG node per op");

      List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart, svg.krnel-scatter"));
      int evaluations = written.evaluations();
      int splits = written.splitsPerEvaluation();
      assertEquals(1 + evaluations * (2 + splits) + 1, charts.size(), "overlay, ROC, PR and histograms, UMAP");
      for (WebElement chart : charts) {
        int drawn = chart.findElements(By.cssSelector(".mark")).size();
        assertEquals(Integer.parseInt(chart.getDomAttribute("data-marks")), drawn, chart.getDomAttribute("class"));
        assertTrue(drawn > 0, chart.getDomAttribute("class"));
      }
      assertEquals(evaluations * splits, marks(driver, "svg.chart.overlay"), "one curve per evaluation and split");
      assertEquals(2 * splits, marks(driver, "svg.chart.roc:not(.overlay)") / evaluations, "a curve and a point per split");
      assertEquals(2 * EvaluationCharts.BINS * splits * evaluations, marks(driver, "svg.chart.histogram"));
      assertEquals(ReportFixture.ROWS, marks(driver, "svg.krnel-scatter"));
      List<WebElement> groupTables = driver.findElements(By.cssSelector("table.confusion-groups"));
      assertEquals(evaluations * splits, groupTables.size(), "a breakdown by kind per evaluation and split");
      for (WebElement table : groupTables) {
        assertEquals(1 + ReportFixture.GROUPS, table.findElements(By.tagName("tr")).size(), "a header and a row per kind");
        assertTrue(table.isDisplayed(), table.getText());
      }

      WebElement evaluationNode = nodes.stream()
          .filter(n -> n.findElement(By.tagName("title")).getAttribute("textContent").startsWith("logistic_regression evaluation"))
          .findFirst().orElseThrow();
      evaluationNode.click();
      String details = driver.findElement(By.id("details")).getText();
      assertTrue(details.contains("logistic_regression evaluation (ClassifierEvaluationOp)"), details);
      assertTrue(details.contains("ClassifierEvaluationOp_") && details.contains("implementation version")
          && details.contains("compute time") && details.contains(".score(predict_"), details);
      assertTrue(evaluationNode.getDomAttribute("class").contains("selected"));

      Path screenshot = Path.of("target", "report-screenshot.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
      assertTrue(Files.size(screenshot) > 10_000);

      List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).collect(Collectors.toList());
      assertTrue(errors.isEmpty(), "console errors: " + errors);
    } finally {
      driver.quit();
    }
    assertTrue(managerCacheBefore || !Files.exists(managerCache), "Selenium Manager ran: " + managerCache + " appeared");
  }

  private static int marks(ChromeDriver driver, String chart) {
    return driver.findElements(By.cssSelector(chart + " .mark")).size();
  }
}
