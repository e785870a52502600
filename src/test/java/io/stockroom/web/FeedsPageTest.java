package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.testdata.Workbooks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/** The data-feeds workbench: upload → preview → fix the mapping → load → transformed → the KPIs move; bad files load nothing. */
class FeedsPageTest extends BrowserTest {

    @BeforeEach
    void feedsApi() {
        assumeApi("/api/v1/feeds");
        assumeApi("/api/v1/metrics/kpi");
    }

    @Test
    void anUploadWithAWrongMappingIsFixedLoadedAndMovesTheKpis() throws IOException {
        // A till export whose store column has a name no alias knows: the preview cannot map it.
        String store = chain.stores().get(1);
        LocalDate day = chain.latestSalesDate();
        List<String> skus = chain.skus(24);
        List<String> lines =
                new ArrayList<>(List.of("Outlet Code,sku,business_date,units_sold,total_sales,transactions"));
        for (int i = 0; i < skus.size(); i++) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,40,%d.00,20", store, skus.get(i), day, 900 + i));
        }
        Path file = csv("till-export-s002.csv", lines);

        open("/feeds");
        WebElement kpiCard = find("#feed-kpis [data-kpi=net_sales]");
        BigDecimal before = decimal(kpiCard.getDomAttribute("data-value"));
        screenshot("feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());

        WebElement card = find(".file-card[data-file='till-export-s002.csv']");
        WebElement storeHeader = find(".file-card select[data-header='Outlet Code']");
        assertThat(new Select(storeHeader).getFirstSelectedOption().getDomAttribute("value"))
                .as("auto mapping of 'Outlet Code'")
                .isEmpty();
        assertThat(card.getText()).contains("store_id");
        screenshot("preview");

        new Select(storeHeader).selectByValue("store_id");
        card.findElement(By.cssSelector("[data-action=commit]")).click();

        waitUntil(
                "the feed to be transformed",
                Duration.ofSeconds(180),
                () -> !findAll(".file-card.is-done").isEmpty()
                        || !findAll(".file-card.is-failed").isEmpty());
        assertThat(findAll(".file-card.is-failed"))
                .as("failed: %s", card.getText())
                .isEmpty();
        assertThat(card.findElement(By.cssSelector("[data-status]")).getText()).isEqualTo("Transformed");

        // the upload upserts its 24 SKUs; the store-day's other SKUs stay
        assertThat(sqlNumber(
                        "SELECT SUM(total_sales) FROM sales WHERE store_id = ? AND business_date = ? AND load_seq IN "
                                + "(SELECT l.load_seq FROM fact_loads l JOIN feeds f ON f.feed_id = l.feed_id"
                                + " WHERE f.original_name = 'till-export-s002.csv')",
                        store,
                        day))
                .isEqualByComparingTo(new BigDecimal(24 * 900 + (23 * 24) / 2));
        // the page asks for the KPIs again once the feed is transformed, and shows what the API answers
        waitUntil("the KPIs to be fetched again", () -> isStale(kpiCard));
        awaitSettled();
        BigDecimal shown = decimal(find("#feed-kpis [data-kpi=net_sales]").getDomAttribute("data-value"));
        BigDecimal answered = api("/api/v1/metrics/kpi", "range", "last_30_days")
                .at("/kpis/net_sales/value")
                .decimalValue();
        assertThat(shown).isEqualByComparingTo(answered);
        assertThat(find("#history tbody tr[data-status]").getText()).isNotBlank();
        screenshot("transformed");
        assertThat(answered)
                .as("the marts were refreshed for the uploaded day before the feed reported transformed")
                .isNotEqualByComparingTo(before);
        assertThat(shown).isNotEqualByComparingTo(before);
    }

    @Test
    void aBadFileShowsItsRowErrorsAndLoadsNothing() throws IOException {
        String store = chain.stores().get(0);
        LocalDate day = chain.latestSalesDate();
        List<String> lines = new ArrayList<>(List.of("store_id,sku,business_date,units_sold,total_sales"));
        for (String sku : chain.skus(12)) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,lots,twelve euros", store, sku, day));
        }
        Path file = csv("sales-broken.csv", lines);
        long rowsBefore = sqlLong("SELECT COUNT(*) FROM sales");
        BigDecimal salesBefore = sqlNumber("SELECT SUM(total_sales) FROM sales");

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        WebElement card = find(".file-card[data-file='sales-broken.csv']");
        waitUntil(
                "the preview",
                () -> !card.findElements(By.cssSelector("[data-action=commit], .problem-detail"))
                        .isEmpty());
        if (!card.findElements(By.cssSelector(".row-errors")).isEmpty()) {
            assertThat(card.findElement(By.cssSelector(".row-errors")).getText())
                    .contains("rows have errors");
            assertThat(card.findElements(By.cssSelector("td.flagged"))).isNotEmpty();
        }
        screenshot("bad-preview");

        List<WebElement> commit = card.findElements(By.cssSelector("[data-action=commit]"));
        if (!commit.isEmpty()) {
            commit.get(0).click();
            waitUntil(
                    "the load to be refused",
                    Duration.ofSeconds(90),
                    () -> !findAll(".file-card.is-failed").isEmpty());
        }
        assertThat(card.findElement(By.cssSelector(".problem-detail")).getText())
                .isNotBlank();
        assertThat(sqlLong("SELECT COUNT(*) FROM sales")).isEqualTo(rowsBefore);
        assertThat(sqlNumber("SELECT SUM(total_sales) FROM sales")).isEqualByComparingTo(salesBefore);
        screenshot("bad-refused");
    }

    @Test
    void aDuplicateFeedHasAReloadButtonThatRestoresTheSliceALaterCompleteFileRemoved() throws Exception {
        String store = chain.stores().get(2);
        List<String> skus = chain.skus(3);
        String day = "2020-01-06"; // a day of its own, far from the chain's
        StringBuilder rows = new StringBuilder();
        for (String sku : skus) {
            rows.append(rows.isEmpty() ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"store_id\":\"%s\",\"sku\":\"%s\",\"business_date\":\"%s\",\"units_sold\":1,\"total_sales\":2.5}",
                            store,
                            sku,
                            day));
        }
        String original = "[" + rows + "]";
        String countSql =
                "SELECT COUNT(*) FROM sales WHERE business_date = DATE '" + day + "' AND store_id = '" + store + "'";
        batch(original, false);
        // a later file, uploaded and marked complete for its store-day, keeps one row of three
        Path file = csv(
                "sales-" + store + "-complete.csv",
                List.of(
                        "store_id,sku,business_date,units_sold,total_sales",
                        store + "," + skus.get(0) + "," + day + ",1,2.50"));
        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        String cardSelector = ".file-card[data-file='" + file.getFileName() + "']";
        WebElement card = find(cardSelector);
        waitUntil(
                "the preview",
                Duration.ofSeconds(180),
                () -> !findAll(cardSelector + " [data-action=complete]").isEmpty());
        find(cardSelector + " [data-action=complete]").click();
        find(cardSelector + " [data-action=commit]").click();
        waitUntil(
                "the complete file to load",
                Duration.ofSeconds(180),
                () -> !findAll(".file-card.is-done").isEmpty()
                        || !findAll(".file-card.is-failed").isEmpty());
        assertThat(findAll(".file-card.is-failed"))
                .as("failed: %s", card.getText())
                .isEmpty();
        assertThat(sqlLong(countSql)).isEqualTo(1);
        String duplicate = batch(original, false).get("feed_id").asString();
        assertThat(api("/api/v1/feeds/" + duplicate).get("duplicate_of")).isNotNull();

        open("/feeds");
        WebElement row = find("#history tr[data-feed='" + duplicate + "']");
        row.findElement(By.cssSelector("button")).click();
        WebElement reload = find("[data-action=reload]");
        screenshot("duplicate");
        reload.click();
        waitUntil(
                "the reloaded feed to head the history",
                Duration.ofSeconds(180),
                () -> findAll("#history tbody tr[data-status]").stream()
                        .findFirst()
                        .map(e -> e.getText().contains("from reload"))
                        .orElse(false));
        assertThat(find("#history tbody tr[data-status]").getText())
                .contains("sales_till_batch.json")
                .contains("Transformed");
        assertThat(sqlLong(countSql)).as("the slice is restored").isEqualTo(3);
        screenshot("reloaded");
    }

    private JsonNode batch(String data, boolean complete) throws Exception {
        String body = "{\"source_id\":\"till\",\"data_type\":\"sales\",\"format\":\"json\",\"complete\":" + complete
                + ",\"data\":" + data + "}";
        return client().post("/api/v1/ingest/batch", body, 201);
    }

    @Test
    void thePreviewAsksWhetherDatesAreDayOrMonthFirstAndTheLoadUsesTheAnswer() throws IOException {
        // 05/MM/yyyy: no value proves the order, and nothing is configured, so the page must ask
        String store = chain.stores().get(2);
        LocalDate day = chain.latestSalesDate().minusMonths(1).withDayOfMonth(5); // in the past, and ambiguous
        List<String> lines = new ArrayList<>(List.of("store_id,sku,business_date,units_sold,total_sales"));
        List<String> skus = chain.skus(6);
        for (int i = 0; i < skus.size(); i++) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,1,%d.00",
                    store,
                    skus.get(i),
                    day.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")),
                    7000 + i));
        }
        Path file = csv("sales-uk-dates.csv", lines);

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        WebElement card = find(".file-card[data-file='sales-uk-dates.csv']");
        WebElement question = find(".file-card[data-file='sales-uk-dates.csv'] select.date-order");
        assertThat(card.getText()).contains("How do the dates read?");
        screenshot("date-order-question");
        new Select(question).selectByValue("DMY");
        String cardSelector = ".file-card[data-file='sales-uk-dates.csv']";
        // the answer re-runs the preview, which re-renders the card: wait for the re-rendered one (its banner turns ok)
        waitUntil("the preview with the answer", Duration.ofMinutes(2), () -> {
            List<WebElement> pick = findAll(cardSelector + " .banner.ok select.date-order");
            return !pick.isEmpty()
                    && "DMY"
                            .equals(new Select(pick.get(0))
                                    .getFirstSelectedOption()
                                    .getDomAttribute("value"))
                    && findAll(cardSelector + " .would-fail").isEmpty()
                    && !findAll(cardSelector + " [data-action=commit]").isEmpty();
        });
        loadAndAwaitTransformed(cardSelector);
        assertThat(sqlNumber(
                        "SELECT COUNT(*) FROM sales WHERE store_id = ? AND business_date = ? AND total_sales >= 7000",
                        store,
                        day))
                .as("read day-first, as answered")
                .isEqualByComparingTo(BigDecimal.valueOf(6));
    }

    private static boolean isStale(WebElement e) {
        try {
            e.isDisplayed();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        }
    }

    @Test
    void aWorkbookSheetLeftOutIsShownAndEveryWeekSheetLoads() throws IOException {
        // one sheet per week, same columns, and a notes sheet with other columns
        String store = chain.stores().get(0);
        LocalDate[] days = {
            chain.latestSalesDate().minusDays(8), chain.latestSalesDate().minusDays(1)
        };
        List<String> skus = chain.skus(3);
        Path dir = Files.createDirectories(DATA_DIR.resolve("uploads-" + System.nanoTime()));
        List<Workbooks.Sheet> sheets = new ArrayList<>();
        for (int w = 0; w < days.length; w++) {
            List<List<Object>> rows = new ArrayList<>();
            rows.add(Workbooks.row("store_id", "sku", "business_date", "units_sold", "total_sales"));
            for (int i = 0; i < skus.size(); i++) {
                rows.add(Workbooks.row(store, skus.get(i), days[w].toString(), 1, 8000 + i));
            }
            sheets.add(new Workbooks.Sheet("Week " + (w + 1), rows));
        }
        sheets.add(Workbooks.sheet("Notes", Workbooks.row("note"), Workbooks.row("store closed early on Friday")));
        Path file = Workbooks.write(dir.resolve("weekly-sales.xlsx"), sheets.toArray(Workbooks.Sheet[]::new));

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        String cardSelector = ".file-card[data-file='weekly-sales.xlsx']";
        WebElement left = find(cardSelector + " .sheets-not-read");
        assertThat(left.findElement(By.xpath("..")).getText())
                .contains("sheet Notes (1 row)")
                .contains("other columns than Week 1, Week 2");
        assertThat(find(cardSelector).getText()).contains("of 6 rows");
        assertThat(new Select(find(cardSelector + " select.sheet-choice"))
                        .getOptions().stream().map(WebElement::getText).toList())
                .containsExactly(
                        "The first sheet and those with its columns",
                        "Week 1 (3 rows)",
                        "Week 2 (3 rows)",
                        "Notes (1 row)");
        screenshot("workbook-sheets");

        // picking one week previews that sheet alone; going back reads both again
        new Select(find(cardSelector + " select.sheet-choice")).selectByValue("Week 2");
        waitUntil(
                "the preview of Week 2 alone",
                Duration.ofMinutes(2),
                () -> findAll(cardSelector).stream()
                        .anyMatch(c -> !isStale(c) && c.getText().contains("Sheet Week 2 is read")));
        assertThat(find(cardSelector).getText()).contains("of 3 rows");
        new Select(find(cardSelector + " select.sheet-choice")).selectByValue("");
        waitUntil(
                "the preview of both weeks",
                Duration.ofMinutes(2),
                () -> !findAll(cardSelector + " .sheets-not-read").isEmpty()
                        && !findAll(cardSelector + " [data-action=commit]").isEmpty());

        loadAndAwaitTransformed(cardSelector);
        for (LocalDate day : days) {
            assertThat(sqlNumber(
                            "SELECT COUNT(*) FROM sales WHERE store_id = ? AND business_date = ? AND total_sales >= 8000",
                            store,
                            day))
                    .as("the rows of the sheet of %s", day)
                    .isEqualByComparingTo(BigDecimal.valueOf(3));
        }
    }

    /** Clicks the card's Load and waits until its feed is transformed (failing with the card's text if it failed). */
    private void loadAndAwaitTransformed(String cardSelector) {
        find(cardSelector + " [data-action=commit]").click();
        waitUntil(
                "the feed to be transformed",
                Duration.ofSeconds(180),
                () -> findAll(cardSelector + " [data-status]").stream()
                        .anyMatch(e -> !isStale(e) && e.getText().matches("Transformed|Failed")));
        assertThat(find(cardSelector + " [data-status]").getText())
                .as(find(cardSelector).getText())
                .isEqualTo("Transformed");
    }

    /**
     * A file whose headers fit no dataset cannot be detected; the card lets the user say which dataset it is and checks
     * it again as that one, instead of a "Try again" that would guess the same way.
     */
    @Test
    void aFileOfAnUnknownDatasetIsCheckedAgainAsTheDatasetTheUserPicks() throws IOException {
        Path file = csv("tasting-notes.csv", List.of("colour,flavour,weight_kg", "red,mint,1.2", "blue,lemon,2.4"));

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        WebElement card = find(".file-card[data-file='tasting-notes.csv']");
        waitUntil(
                "the detection to fail",
                () -> !card.findElements(By.cssSelector(".problem-detail")).isEmpty());
        assertThat(card.findElement(By.cssSelector(".problem-detail")).getText())
                .contains("Cannot tell which dataset")
                .contains("pick it on the upload card");
        screenshot("unknown-dataset");

        new Select(card.findElement(By.cssSelector("select[name=retry-dataset]"))).selectByValue("products");
        card.findElement(By.cssSelector("[data-action=retry-as]")).click();
        waitUntil(
                "the preview as products",
                () -> !card.findElements(By.cssSelector("[data-action=commit]")).isEmpty());
        assertThat(card.getDomAttribute("class")).doesNotContain("is-failed");
        assertThat(new Select(card.findElement(By.cssSelector("select[name=dataset]")))
                        .getFirstSelectedOption()
                        .getDomAttribute("value"))
                .isEqualTo("products");
        assertThat(card.findElements(By.cssSelector("select[data-header='colour']")))
                .as("the mapping lists the file's headers to map")
                .isNotEmpty();
        screenshot("unknown-dataset-as-products");
    }

    /**
     * A day's sales saved under a product-master name ("items...") is not taken for products: the card says why and
     * lets the user check it again as sales, where it previews as sales.
     */
    @Test
    void aSalesFileNamedLikeTheProductMasterIsCheckedAgainAsSalesOnTheCard() throws IOException {
        String store = chain.stores().get(0);
        LocalDate day = chain.latestSalesDate();
        List<String> skus = chain.skus(3);
        List<String> lines = new ArrayList<>(List.of("store,item,date,qty,sales"));
        for (String sku : skus) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,3,4.47", store, sku, day));
        }
        Path file = csv("items_sold_" + day + ".csv", lines);

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        WebElement card = find(".file-card[data-file='items_sold_" + day + ".csv']");
        waitUntil(
                "the detection to refuse the name's dataset",
                () -> !card.findElements(By.cssSelector(".problem-detail")).isEmpty());
        assertThat(card.findElement(By.cssSelector(".problem-detail")).getText())
                .contains("file name starts with 'items'")
                .contains("fit sales")
                .contains("pick it on the upload card");
        screenshot("ambiguous-dataset");

        Select pick = new Select(card.findElement(By.cssSelector("select[name=retry-dataset]")));
        pick.selectByValue("sales");
        card.findElement(By.cssSelector("[data-action=retry-as]")).click();
        waitUntil(
                "the preview as sales",
                () -> !card.findElements(By.cssSelector("[data-action=commit]")).isEmpty());
        assertThat(new Select(card.findElement(By.cssSelector("select[name=dataset]")))
                        .getFirstSelectedOption()
                        .getDomAttribute("value"))
                .isEqualTo("sales");
    }

    /**
     * A refused load names a few of its bad rows and counts the rest truly: 30 bad rows are "5 shown and 25 more", and
     * the page does not send the user to a quarantine that holds none of them (a refused load keeps no row).
     */
    @Test
    void aRefusedLoadCountsEveryBadRowAndDoesNotPointToAnEmptyQuarantine() throws IOException {
        String store = chain.stores().get(0);
        LocalDate day = chain.latestSalesDate();
        List<String> lines = new ArrayList<>(List.of("store_id,sku,business_date,units_sold,total_sales"));
        for (String sku : chain.skus(30)) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,many,9.99", store, sku, day));
        }
        Path file = csv("sales-all-bad.csv", lines);

        open("/feeds");
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        WebElement card = find(".file-card[data-file='sales-all-bad.csv']");
        waitUntil(
                "the preview",
                () -> !card.findElements(By.cssSelector("[data-action=commit]")).isEmpty());
        card.findElement(By.cssSelector("[data-action=commit]")).click();
        waitUntil(
                "the load to be refused",
                Duration.ofSeconds(90),
                () -> !card.findElements(By.cssSelector(".row-error-list")).isEmpty());
        List<WebElement> items = card.findElements(By.cssSelector(".row-error-list li"));
        assertThat(items).hasSize(6);
        String more = items.get(5).getText();
        screenshot("refused-rows");
        assertThat(more).contains("25 more rows").doesNotContainIgnoringCase("quarantine lists");
        assertThat(sqlLong("SELECT COUNT(*) FROM quarantine WHERE feed_id IN "
                        + "(SELECT feed_id FROM feeds WHERE original_name = 'sales-all-bad.csv')"))
                .as("a refused load quarantines nothing")
                .isZero();
    }

    private static Path csv(String name, List<String> lines) throws IOException {
        Path dir = Files.createDirectories(DATA_DIR.resolve("uploads-" + System.nanoTime()));
        return Files.write(dir.resolve(name), lines);
    }
}
