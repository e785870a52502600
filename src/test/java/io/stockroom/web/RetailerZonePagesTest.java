package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A chain in New York, a user whose browser is in another zone (a head office abroad, a laptop not reset after a
 * trip): the pages show the chain's times and the chain's "today", never the browser's. Its own application (the
 * retailer's zone is a setting) and its own browser (the browser's zone is emulated for all its pages).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetailerZonePagesTest {

    static final String RETAILER_ZONE = "America/New_York";
    static final String PASSWORD = "retailer-zone-admin-pw";
    static final Path DATA_DIR = WebAppTest.tempDir("stockroom-zone-");

    /**
     * A browser zone whose date differs from New York's right now (UTC+14 from New York's 05:00 on, UTC-11 before),
     * so both the times and "today" would show the browser's zone if a page used it.
     */
    static final String BROWSER_ZONE = Stream.of("Pacific/Kiritimati", "Pacific/Pago_Pago")
            .filter(z -> !LocalDate.now(ZoneId.of(z)).equals(LocalDate.now(ZoneId.of(RETAILER_ZONE))))
            .findFirst()
            .orElseThrow();

    static ChromeDriver driver;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        r.add("stockroom.data-dir", DATA_DIR::toString);
        r.add("stockroom.admin-password", () -> PASSWORD);
        // both names: a test's properties come after RetailerTimeZone has copied one setting to the other
        r.add("stockroom.timezone", () -> RETAILER_ZONE);
        r.add("stockroom.metrics.time-zone", () -> RETAILER_ZONE);
        r.add("stockroom.security.rate-limit.per-ip-per-minute", () -> "100000");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(
                Files.isExecutable(BrowserTest.CHROMIUM) && Files.isExecutable(BrowserTest.CHROMEDRIVER),
                "needs chromium and chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserTest.CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--lang=en-US",
                "--window-size=1400,1000");
        driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(BrowserTest.CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aBrowserInAnotherZoneShowsTheChainsTimesAndToday() {
        String runId = ApiClient.admin(port, tokens)
                .post("/api/v1/runs", "{\"date\":\"2026-03-05\"}", 202)
                .get("run_id")
                .asString();
        // a run answers 'queued', with no start time yet, until it holds its date (a busy machine): wait for its start
        String startedAt = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (startedAt == null) {
            assertThat(System.nanoTime()).as("run %s started", runId).isLessThan(deadline);
            tools.jackson.databind.JsonNode run = ApiClient.admin(port, tokens).get("/api/v1/runs/" + runId);
            startedAt = run.hasNonNull("started_at") ? run.get("started_at").asString() : null;
        }

        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER_ZONE));
        driver.get(url("/login"));
        until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        until(d -> !d.getCurrentUrl().contains("/login"));
        driver.get(url("/runs"));
        until(d -> !d.findElements(By.cssSelector("#runs tr[data-run='" + runId + "'] td[title]"))
                .isEmpty());
        assertThat(js("return Intl.DateTimeFormat().resolvedOptions().timeZone"))
                .as("the browser runs in the emulated zone")
                .isEqualTo(BROWSER_ZONE);

        String shown = driver.findElement(By.cssSelector("#runs tr[data-run='" + runId + "'] td[title]"))
                .getText();
        String inRetailerZone = format(startedAt, RETAILER_ZONE);
        String inBrowserZone = format(startedAt, BROWSER_ZONE);
        assertThat(inBrowserZone).as("the test can tell the two zones apart").isNotEqualTo(inRetailerZone);
        assertThat(shown).as("the run's start on the Runs page").isEqualTo(inRetailerZone);

        // every page's "today" (the Planogram's new placement and "ends today", the store's day, Quality's window)
        Object today = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[0]; import('/js/format.js').then((f) => done(f.today()));");
        assertThat(today).isEqualTo(LocalDate.now(ZoneId.of(RETAILER_ZONE)).toString());
        assertThat(LocalDate.now(ZoneId.of(BROWSER_ZONE)).toString()).isNotEqualTo(today);
    }

    /** The date and time as format.js shows them, in the given zone. */
    private String format(String iso, String zone) {
        return (String) js(
                "return new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', hour: '2-digit',"
                        + " minute: '2-digit', timeZone: arguments[1] }).format(new Date(arguments[0]))",
                iso,
                zone);
    }

    private Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50)).until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
