package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A dashboard exports to one PDF (issue 12): a click on "Export PDF" on the Overview page downloads a file whose text
 * (read back with PDFBox) carries the KPI values the API returns, the filters, the period, the currency, the page's
 * "incomplete data" warning and its tables; the chart is drawn into it; the export is in the audit log.
 */
class DashboardPdfTest extends BrowserTest {

    @Test
    void exportingTheOverviewGivesOnePdfWithTheApisKpisFiltersPeriodCurrencyAndTheIncompleteMarker() throws Exception {
        String area = api("/api/v1/filters").at("/areas/0").asString();
        open("/?range=last_30_days&area=" + area);
        find("[data-kpi=net_sales]");
        find("#trend .chart svg");
        find("#top-products tbody tr");
        Path downloads = Files.createTempDirectory("stockroom-pdf-");
        try {
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior",
                    Map.of(
                            "behavior",
                            "allow",
                            "downloadPath",
                            downloads.toAbsolutePath().toString()));
            // other test classes of this shared application export as other users: count the admin's rows only
            String adminExports =
                    "SELECT COUNT(*) FROM audit_log WHERE entity_id LIKE '/api/v1/exports/pdf%' AND actor = 'admin'";
            long auditBefore = sqlLong(adminExports);
            find("#export-pdf").click();
            Path[] pdf = new Path[1];
            waitUntil("the PDF to download", Duration.ofMinutes(3), () -> (pdf[0] = downloaded(downloads)) != null);
            assertThat(pdf[0].getFileName().toString()).startsWith("overview-").endsWith(".pdf");

            String text;
            int pages;
            try (PDDocument doc = Loader.loadPDF(pdf[0].toFile())) {
                text = new PDFTextStripper().getText(doc).replace('\u00a0', ' ');
                pages = doc.getNumberOfPages();
            }
            assertThat(pages).isGreaterThanOrEqualTo(1);

            // the KPI values the API returns, as the page formats them (en-US, USD)
            JsonNode kpi = api("/api/v1/metrics/kpi", "range", "last_30_days", "area", area);
            BigDecimal net = kpi.at("/kpis/net_sales/value").decimalValue();
            assertThat(text).contains("Net sales").contains(OverviewPageTest.dollars(net));
            assertThat(text)
                    .contains(NumberFormat.getIntegerInstance(Locale.US)
                            .format(kpi.at("/kpis/units/value").decimalValue()));
            BigDecimal margin = kpi.at("/kpis/gross_margin_pct/value").decimalValue();
            assertThat(text)
                    .contains(margin.setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%");
            // every KPI card's value as shown, "Not available" included
            for (String value : cardValues()) {
                assertThat(text).as("card value %s", value).contains(value.replace('\u2212', '-'));
            }
            // period, filters, currency
            assertThat(text)
                    .contains("Overview")
                    .contains(String.valueOf(kpi.at("/range/to").asString().substring(0, 4)));
            assertThat(text)
                    .contains("Date range")
                    .contains("Last 30 days")
                    .contains("Area")
                    .contains(area);
            assertThat(text).contains("Currency").contains("USD");
            // the demo chain has a failed sales day in the last 30 days: the page warns, and so does the PDF
            assertThat(find("#incomplete-banner").isDisplayed()).isTrue();
            assertThat(text).contains("Incomplete data");
            // the chart's section and the top products table (its first product's SKU)
            assertThat(text).contains("Sales trend").contains("Top products");
            assertThat(text)
                    .contains(api("/api/v1/metrics/top-products", "range", "last_30_days", "area", area, "limit", "10")
                            .at("/items/0/sku")
                            .asString());
            assertThat(text).contains("Exported from Stockroom by admin");

            // audited like every export: one more row for the signed-in user
            waitUntil("the export's audit row", () -> sqlLong(adminExports) > auditBefore);
            assertThat(consoleErrors()).isEmpty();

            // the same access rule as the dashboards: a feed-loading service account may not export one
            String service = tokens.create(
                            "loader",
                            java.util.EnumSet.of(io.stockroom.security.Role.SERVICE),
                            java.util.Set.of(),
                            java.util.Set.of(),
                            null,
                            "test")
                    .token();
            var refused = new io.stockroom.testdata.ApiClient(url(""), "Bearer " + service)
                    .send("POST", "/api/v1/exports/pdf", "{\"title\": \"Overview\"}");
            assertThat(refused.statusCode()).isEqualTo(403);
        } finally {
            try (Stream<Path> files = Files.list(downloads)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(downloads);
        }
    }

    /** The other dashboards (stores, inventory, online, customers) export the same way: one PDF with the page's title and its tables. */
    @Test
    void theOtherDashboardsExportTheirPageToo() throws Exception {
        Path downloads = Files.createTempDirectory("stockroom-pdf-pages-");
        try {
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior",
                    Map.of(
                            "behavior",
                            "allow",
                            "downloadPath",
                            downloads.toAbsolutePath().toString()));
            for (String page : List.of("/stores", "/inventory", "/online", "/customers")) {
                open(page);
                find("#export-pdf");
                waitUntil(
                        page + " to finish loading",
                        Duration.ofMinutes(3),
                        () -> Boolean.TRUE.equals(
                                js("return document.querySelector('#page [aria-busy=\"true\"]') === null")));
                String title = find(".page-head h1").getText().strip();
                find("#export-pdf").click();
                Path[] pdf = new Path[1];
                waitUntil(
                        page + "'s PDF to download",
                        Duration.ofMinutes(3),
                        () -> (pdf[0] = downloaded(downloads)) != null);
                try (PDDocument doc = Loader.loadPDF(pdf[0].toFile())) {
                    String text = new PDFTextStripper().getText(doc).replace('\u00a0', ' ');
                    assertThat(text).as(page).contains(title).contains("Exported from Stockroom by admin");
                }
                Files.delete(pdf[0]);
            }
            assertThat(consoleErrors()).isEmpty();
        } finally {
            try (Stream<Path> files = Files.list(downloads)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(downloads);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> cardValues() {
        return (List<String>)
                js("return [...document.querySelectorAll('[data-kpi] .kpi-value')].map(e => e.textContent.trim())");
    }

    private static Path downloaded(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".pdf"))
                    .findFirst()
                    .filter(p -> p.toFile().length() > 0)
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
