package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.stockroom.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts Stockroom on a random port over a small chain in a temporary data directory, and drives the
 * web app in Debian's headless Chromium. Every test class shares one application (the Spring context
 * cache) and one browser. Skips cleanly when chromium or chromedriver is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestChain.class)
abstract class BrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final Path DATA_DIR = tempDir("stockroom-web-");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ChromeDriver driver;
    private static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    Warehouse warehouse;

    @Autowired
    TestChain chain;

    private String testName = "test";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver); skipped.");
        profile = Files.createTempDirectory("stockroom-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--lang=en-US", "--force-device-scale-factor=1", "--hide-scrollbars",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            deleteQuietly(profile);
        }
    }

    @BeforeEach
    void seedAndName(TestInfo info) {
        chain.ensureLoaded();
        testName = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    // ------------------------------------------------------------------------------------ browser

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Opens a page and waits until every region has finished loading (no aria-busy, no skeleton). */
    void open(String path) {
        driver.get(url(path));
        awaitSettled();
    }

    void awaitSettled() {
        waitUntil("the page to finish loading", () -> Boolean.TRUE.equals(js(
                "return document.readyState === 'complete' && !!document.querySelector('#app-nav a')"
                        + " && document.querySelectorAll('[aria-busy=\"true\"], .skeleton').length === 0")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        waitUntil(what, Duration.ofSeconds(20), condition);
    }

    void waitUntil(String what, Duration timeout, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout).withMessage(() -> "waiting for " + what).until(d -> {
            try {
                return condition.get();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Browser console errors since the last call (network failures of the page's own requests included). */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !e.getMessage().contains("favicon")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** A full-page screenshot at the current width: target/screenshots/<test>-<page>.png */
    Path screenshot(String page) {
        Number width = (Number) js("return window.innerWidth");
        Number height = (Number) js("return Math.min(6000, Math.max(document.documentElement.scrollHeight, window.innerHeight))");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("width", width.intValue());
        metrics.put("height", height.intValue());
        metrics.put("deviceScaleFactor", 1);
        metrics.put("mobile", width.intValue() < 600);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        try {
            pause(Duration.ofMillis(350)); // let the charts follow the new viewport
            Path target = SCREENSHOTS.resolve(testName + "-" + page + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** Emulates a phone-sized viewport (390 px wide) until {@link #desktop()}. */
    void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------ API and SQL

    JsonNode api(String path, String... params) {
        HttpResponse<String> r = get(path, params);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> get(String path, String... params) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (params[i + 1] == null) {
                continue;
            }
            q.append(q.isEmpty() ? "?" : "&").append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url(path + q))).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the test while an endpoint the page reads is not on this branch yet. */
    void assumeApi(String path, String... params) {
        int status = get(path, params).statusCode();
        assumeTrue(status != 404 && status != 405, "The API " + path + " is not available on this branch yet (HTTP " + status + "); skipped.");
    }

    BigDecimal sqlNumber(String sql, Object... args) {
        return warehouse.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    BigDecimal v = r.getBigDecimal(1);
                    return v == null ? BigDecimal.ZERO : v;
                }
            }
        });
    }

    long sqlLong(String sql) {
        return warehouse.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    static BigDecimal decimal(String s) {
        return s == null || s.isBlank() ? null : new BigDecimal(s);
    }

    static String joined(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n"));
    }

    // ------------------------------------------------------------------------------------ files

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
