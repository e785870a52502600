package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Drives the web app in Debian's headless Chromium (one browser per test JVM, reset between classes) and saves
 * screenshots to target/screenshots. Skips cleanly when chromium or chromedriver is not installed.
 */
abstract class BrowserTest extends WebAppTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    static ChromeDriver driver;
    private static Path profile;

    private String testName = "test";

    /**
     * One browser per test JVM, started by the first browser class (a start and quit cost ~4-5 s a class on the busy
     * 2-core machine); after each class it is reset to what a new browser is (see {@link #resetBrowser()}), and it is
     * quit when the JVM exits.
     */
    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver); skipped.");
        if (driver != null) {
            return;
        }
        profile = Files.createTempDirectory("stockroom-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--lang=en-US",
                "--force-device-scale-factor=1",
                "--hide-scrollbars",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
        Runtime.getRuntime().addShutdownHook(new Thread(BrowserTest::quitBrowser, "quit-test-browser"));
    }

    /**
     * Leaves the browser as a new one would be for the next class: no page, no cookies (so the next class signs in
     * through the real sign-in page again), an empty cache, the desktop viewport, downloads as by default, no console
     * entries left. If any of that fails the browser is quit and the next class starts a new one.
     */
    @AfterAll
    static void resetBrowser() {
        signedIn = false;
        if (driver == null) {
            return;
        }
        try {
            driver.get("about:blank");
            driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "default"));
            driver.manage().window().setSize(new Dimension(1400, 1000));
            driver.manage().logs().get(LogType.BROWSER);
        } catch (RuntimeException e) {
            quitBrowser();
        }
    }

    private static synchronized void quitBrowser() {
        if (driver != null) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // already gone
            }
            driver = null;
        }
        if (profile != null) {
            deleteQuietly(profile);
            profile = null;
        }
    }

    private static boolean signedIn;

    /** Signs the browser in once per class through the real sign-in page, as the first admin. */
    @BeforeEach
    void signIn() {
        if (signedIn) {
            return;
        }
        // every class starts signed out (the browser is new or was reset): a page sends it to the sign-in page
        driver.get(url("/"));
        assertThat(driver.getCurrentUrl()).as("a test class starts signed out").contains("/login");
        driver.get(url("/login"));
        find("#username").sendKeys("admin");
        find("#password").sendKeys(ADMIN_PASSWORD);
        find("#sign-in").click();
        waitUntil("the sign-in to finish", () -> !driver.getCurrentUrl().contains("/login"));
        signedIn = true;
    }

    @BeforeEach
    void nameScreenshots(TestInfo info) {
        testName = getClass().getSimpleName() + "-"
                + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    // ------------------------------------------------------------------------------------ browser

    /** Opens a page and waits until every region has finished loading (no aria-busy, no skeleton). */
    void open(String path) {
        driver.get(url(path));
        awaitSettled();
    }

    void awaitSettled() {
        waitUntil(
                "the page to finish loading",
                () -> Boolean.TRUE.equals(
                        js("return document.readyState === 'complete' && !!document.querySelector('#app-nav a')"
                                + " && document.querySelectorAll('[aria-busy=\"true\"], .skeleton').length === 0")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return waitFor(Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Selenium's wait polls every 500 ms by default, so every page load or click waited for lost ~250 ms on average; a
     * 50 ms step keeps the same upper bound.
     */
    static WebDriverWait waitFor(Duration timeout) {
        return new WebDriverWait(driver, timeout, POLL);
    }

    static final Duration POLL = Duration.ofMillis(50);

    void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        waitUntil(what, Duration.ofSeconds(60), condition);
    }

    void waitUntil(String what, Duration timeout, java.util.function.Supplier<Boolean> condition) {
        try {
            waitFor(timeout).withMessage(() -> "waiting for " + what).until(d -> {
                try {
                    return condition.get();
                } catch (RuntimeException e) {
                    return false;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout");
            throw e;
        }
    }

    /** Browser console errors since the last call (network failures of the page's own requests included). */
    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !e.getMessage().contains("favicon")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** A full-page screenshot at the current width: target/screenshots/<test>-<page>.png */
    Path screenshot(String page) {
        Number width = (Number) js("return window.innerWidth");
        Number height = (Number)
                js("return Math.min(6000, Math.max(document.documentElement.scrollHeight, window.innerHeight))");
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
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
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
}
