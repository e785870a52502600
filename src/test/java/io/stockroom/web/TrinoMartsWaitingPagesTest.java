package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.model.TrinoBuiltItsMarts;
import io.stockroom.security.ApiTokens;
import io.stockroom.testdata.ApiClient;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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
 * A Trino deployment whose Trino is down (the real app on PostgreSQL; nothing listens at Trino's address), in a real
 * browser: after a sales upload lands in the warehouse while Trino is down, the Quality page says which marts on Trino
 * are not yet updated, and the Overview's KPIs over that day carry the incomplete-data banner naming the day and the
 * mart that waits for Trino's next refresh. Its own application (the Trino settings) and its own browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrinoMartsWaitingPagesTest {

    static final String PASSWORD = "trino-down-admin-pw";

    static ChromeDriver driver;

    @DynamicPropertySource
    static void trinoDown(DynamicPropertyRegistry r) throws IOException {
        io.stockroom.TrinoDownDeployment.register(r, "stockroom-trino-down-pages");
        r.add("stockroom.admin-password", () -> PASSWORD);
        r.add("stockroom.security.rate-limit.per-ip-per-minute", () -> "100000");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Warehouse warehouse;

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
    }

    @AfterAll
    static void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void theQualityPageAndTheOverviewShowWhatWaitsForTrino() {
        ApiClient api = ApiClient.admin(port, tokens);
        load(api, "stores", "[{\"store_id\":\"S1\",\"name\":\"Leeds\"}]");
        load(
                api,
                "products",
                "[{\"sku\":\"A\",\"name\":\"Apple\",\"category\":\"Fruit\",\"unit_cost\":0.5,\"unit_price\":1.0}]");
        load(
                api,
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-01\",\"units_sold\":3,"
                        + "\"total_sales\":3.00}]");
        // Trino refreshed its marts with 1 April; 2 April's sales loaded while it was down
        TrinoBuiltItsMarts.now(warehouse);
        load(
                api,
                "sales",
                "[{\"store_id\":\"S1\",\"sku\":\"A\",\"business_date\":\"2025-04-02\",\"units_sold\":2,"
                        + "\"total_sales\":2.50}]");

        driver.get(url("/login"));
        until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        until(d -> !d.getCurrentUrl().contains("/login"));

        driver.get(url("/quality"));
        until(d -> !d.findElements(By.id("trino-marts-not-yet-updated")).isEmpty());
        String banner = driver.findElement(By.id("trino-marts-not-yet-updated")).getText();
        assertThat(banner)
                .startsWith("Marts on Trino not yet updated")
                .contains("mart_sales_store_daily")
                .contains("Apr 2");

        driver.get(url("/?range=custom&from=2025-04-01&to=2025-04-02&store=S1&group_by=day"));
        until(d -> !d.findElements(By.id("incomplete-banner")).isEmpty());
        var kpiBanner = driver.findElement(By.id("incomplete-banner"));
        assertThat(kpiBanner.getDomAttribute("data-days"))
                .as("the KPIs mark the day loaded while Trino was down, not the day it refreshed")
                .isEqualTo("2025-04-02");
        assertThat(kpiBanner.getText())
                .contains("waits for Trino's next refresh")
                .contains("mart_sales_store_daily");
        until(d -> !d.findElements(By.cssSelector("[data-incomplete]")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("[data-incomplete*='2025-04-02']")))
                .as("the trend marks the day as well")
                .isNotEmpty();
    }

    private static void load(ApiClient api, String dataset, String rows) {
        api.post(
                "/api/v1/ingest/batch",
                "{\"source_id\":\"test\",\"data_type\":\"" + dataset + "\",\"format\":\"json\",\"data\":" + rows + "}",
                201);
    }

    private static void until(java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "not shown on " + driver.getCurrentUrl() + ", which shows: "
                            + driver.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
