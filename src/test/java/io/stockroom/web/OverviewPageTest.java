package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/** The overview shows the chain's real figures, and the filters (kept in the URL) change them. */
class OverviewPageTest extends BrowserTest {

    @BeforeEach
    void metricsApi() {
        assumeApi("/api/v1/metrics/kpi");
        assumeApi("/api/v1/filters");
    }

    @Test
    void showsTheNetSalesTheWarehouseHoldsForTheRange() {
        open("/");
        JsonNode kpi = api("/api/v1/metrics/kpi");
        BigDecimal apiValue = kpi.at("/kpis/net_sales/value").decimalValue();
        LocalDate from = LocalDate.parse(kpi.at("/range/from").asString());
        LocalDate to = LocalDate.parse(kpi.at("/range/to").asString());

        WebElement card = find("[data-kpi=net_sales]");
        assertThat(decimal(card.getDomAttribute("data-value"))).isEqualByComparingTo(apiValue);
        assertThat(card.findElement(org.openqa.selenium.By.cssSelector(".kpi-value"))
                        .getText())
                .isEqualTo(dollars(apiValue));
        // the same figure straight from the facts: net sales = POS sales amount + merchandise order lines over the
        // range
        BigDecimal facts = sqlNumber("SELECT SUM(total_sales) FROM sales WHERE business_date BETWEEN ? AND ?", from, to)
                .add(sqlNumber(
                        "SELECT SUM(quantity * unit_price) FROM orders WHERE " + MERCHANDISE
                                + " AND business_date BETWEEN ? AND ?",
                        from,
                        to));
        assertThat(apiValue).isCloseTo(facts, org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
        assertThat(find("#period").getText()).contains(String.valueOf(to.getYear()));
        assertThat(findAll("[data-kpi]")).hasSize(7);
        // transactions: baskets where the POS counts them per store-day (rows without a SKU), never item counts added
        // up
        JsonNode tx = kpi.at("/kpis/transactions");
        // (POS store-level counts, and distinct non-cancelled orders with a merchandise line)
        BigDecimal baskets = sqlNumber(
                        "SELECT SUM(transactions) FROM sales WHERE sku IS NULL AND business_date BETWEEN ? AND ?",
                        from,
                        to)
                .add(sqlNumber(
                        "SELECT COUNT(DISTINCT order_id) FROM orders WHERE NOT is_cancellation AND " + MERCHANDISE
                                + " AND business_date BETWEEN ? AND ?",
                        from,
                        to));
        WebElement txCard = find("[data-kpi=transactions]");
        if (baskets.signum() == 0) {
            assertThat(tx.get("value").isNull()).isTrue();
            assertThat(txCard.findElement(org.openqa.selenium.By.cssSelector(".kpi-value"))
                            .getText())
                    .isEqualTo("Not available");
            assertThat(txCard.getText()).contains("per item only");
        } else {
            assertThat(tx.get("value").decimalValue()).isEqualByComparingTo(baskets);
            assertThat(decimal(txCard.getDomAttribute("data-value"))).isEqualByComparingTo(baskets);
        }
        // gross margin % on the card = the API = margin over costed sales straight from the facts; a sale is costed at
        // the
        // costs feed's cost valid on its day (the demo sends one), else at the product's unit_cost
        BigDecimal margin = sqlNumber("""
                SELECT ROUND(100 * SUM(v - u * cost) / SUM(v), 2)
                FROM (SELECT s.v, s.u, COALESCE((SELECT c.unit_cost FROM costs c WHERE c.sku = s.sku AND c.valid_from <= s.d
                              AND (c.valid_to IS NULL OR c.valid_to >= s.d) ORDER BY c.valid_from DESC LIMIT 1), p.unit_cost) AS cost
                      FROM (SELECT sku, business_date AS d, total_sales AS v, units_sold AS u FROM sales WHERE business_date BETWEEN ? AND ?
                            UNION ALL SELECT sku, business_date, quantity * unit_price, quantity FROM orders WHERE business_date BETWEEN ? AND ?) s
                      JOIN products p ON p.sku = s.sku) x
                WHERE cost IS NOT NULL""", from, to, from, to);
        assertThat(kpi.at("/kpis/gross_margin_pct/value").decimalValue()).isEqualByComparingTo(margin);
        assertThat(decimal(find("[data-kpi=gross_margin_pct]").getDomAttribute("data-value")))
                .isEqualByComparingTo(margin);
        assertThat(findAll("#top-products tbody tr")).isNotEmpty();
        // the table exports what it shows: the CSV's first product is the API's first, with its net sales as on the
        // page
        String csv = (String)
                ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeAsyncScript(
                                "const done = arguments[arguments.length - 1];"
                                        + "import('/js/ui.js').then(m => done(m.tableCsv(document.querySelector('#top-products table'))));");
        String[] csvLines = csv.split("\r?\n"); // the driver may hand CRLF back as LF
        assertThat(csvLines.length).as(csv).isGreaterThan(1);
        JsonNode top = api("/api/v1/metrics/top-products", "limit", "10").at("/items/0");
        assertThat(csvLines[0]).startsWith("#,Product,Category,Units,Net sales");
        String net = dollars(top.get("net_sales").decimalValue());
        // a value with a thousands separator is quoted, never split over two columns
        assertThat(csvLines[1])
                .contains(top.get("sku").asString())
                .contains(net.contains(",") ? "\"" + net + "\"" : "," + net + ",");
        assertThat(csvLines).hasSize(findAll("#top-products tbody tr").size() + 1);
        assertThat(find("#top-products [data-export=csv]").isDisplayed()).isTrue();
        assertThat(consoleErrors()).isEmpty();
        screenshot("overview");
    }

    /** Merchandise order lines: not postage, fees or adjustments (docs/metrics.md). */
    static final String MERCHANDISE =
            "upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products))";

    @Test
    void aTopProductOpensItsTrendAndAStoreOpensItsDay() {
        open("/");
        WebElement link = find("#top-products a.sku-trend");
        String sku = link.getDomAttribute("data-sku");
        link.click();
        waitUntil(
                "the address to carry the product", () -> driver.getCurrentUrl().contains("sku=" + sku));
        awaitSettled();
        JsonNode kpi = api("/api/v1/metrics/kpi", "sku", sku);
        LocalDate from = LocalDate.parse(kpi.at("/range/from").asString());
        LocalDate to = LocalDate.parse(kpi.at("/range/to").asString());
        BigDecimal card = decimal(find("[data-kpi=net_sales]").getDomAttribute("data-value"));
        BigDecimal facts = sqlNumber(
                        "SELECT SUM(total_sales) FROM sales WHERE sku = ? AND business_date BETWEEN ? AND ?",
                        sku,
                        from,
                        to)
                .add(sqlNumber(
                        "SELECT SUM(quantity * unit_price) FROM orders WHERE sku = ? AND business_date BETWEEN ? AND ?",
                        sku,
                        from,
                        to));
        assertThat(card).isEqualByComparingTo(kpi.at("/kpis/net_sales/value").decimalValue());
        assertThat(card).isCloseTo(facts, org.assertj.core.data.Offset.offset(new BigDecimal("0.01")));
        // baskets span products: not shown for one product
        assertThat(find("[data-kpi=transactions] .kpi-value").getText()).isEqualTo("Not available");
        assertThat(find("#f-sku").getText()).contains(sku);
        screenshot("overview-product");

        String storeId = chain.stores().get(0);
        open("/?store=" + storeId);
        find("#open-store-day").click();
        waitUntil(
                "the store's day to open",
                () -> driver.getCurrentUrl().contains("/stores?store=" + storeId + "&date="));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void choosingAStoreChangesTheFiguresAndTheAddress() {
        open("/");
        BigDecimal wholeChain = decimal(find("[data-kpi=net_sales]").getDomAttribute("data-value"));
        String storeId = chain.stores().get(2);

        new Select(find("#f-store")).selectByValue(storeId);
        waitUntil("the address to carry the store", () -> driver.getCurrentUrl().contains("store=" + storeId));
        awaitSettled();
        BigDecimal oneStore = decimal(find("[data-kpi=net_sales]").getDomAttribute("data-value"));

        BigDecimal expected = api("/api/v1/metrics/kpi", "store", storeId)
                .at("/kpis/net_sales/value")
                .decimalValue();
        assertThat(oneStore).isEqualByComparingTo(expected).isLessThan(wholeChain);

        // the address is shareable: opening it again shows the same view
        open("/?store=" + storeId + "&range=last_7_days");
        assertThat(new Select(find("#f-store")).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo(storeId);
        assertThat(new Select(find("#f-range")).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("last_7_days");
        BigDecimal week = decimal(find("[data-kpi=net_sales]").getDomAttribute("data-value"));
        assertThat(week)
                .isEqualByComparingTo(api("/api/v1/metrics/kpi", "store", storeId, "range", "last_7_days")
                        .at("/kpis/net_sales/value")
                        .decimalValue());
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void theTrendSwitchesBetweenDaysWeeksAndMonths() {
        open("/");
        find("#trend [role=img]");
        driver.findElement(org.openqa.selenium.By.xpath("//input[@name='group_by'][@value='week']/.."))
                .click();
        waitUntil(
                "the address to carry the grouping",
                () -> driver.getCurrentUrl().contains("group_by=week"));
        awaitSettled();
        assertThat(find("#trend [role=img]").getDomAttribute("aria-label")).contains("by week");
    }

    @Test
    void onAPhoneTheCardsStackAndNothingOverflows() {
        phone();
        try {
            open("/");
            Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
            // tables become cards: each cell on its own line, labelled by its column
            WebElement cell = find("#top-products tbody tr td[data-label='Net sales']");
            assertThat(cell.getCssValue("display")).isEqualTo("flex");
            Number headHeight =
                    (Number) js("return document.querySelector('#top-products thead').getBoundingClientRect().height");
            assertThat(headHeight.doubleValue())
                    .as("the column headers are hidden; each cell names its column")
                    .isLessThanOrEqualTo(1);
            screenshot("overview-phone");
        } finally {
            desktop();
        }
    }

    static String dollars(BigDecimal v) {
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        // as the browser's Intl.NumberFormat rounds (half away from zero): $50,650.50 shows as $50,651
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        f.setMaximumFractionDigits(v.abs().compareTo(new BigDecimal(1000)) < 0 ? 2 : 0);
        f.setMinimumFractionDigits(v.abs().compareTo(new BigDecimal(1000)) < 0 ? 2 : 0);
        return f.format(v);
    }
}
