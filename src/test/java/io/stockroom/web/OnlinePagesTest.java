package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Online and Customers pages over the demo chain (which now sends customers, shipments, conversations, spend,
 * sessions and receipts): every tile shows a number, the numbers equal the API's, and the API's equal SQL over the facts.
 */
class OnlinePagesTest extends BrowserTest {

    @Test
    void everyOnlineTileShowsTheApisFigures() {
        open("/online");
        JsonNode pulse = api("/api/v1/online/pulse");
        JsonNode fulfilment = api("/api/v1/online/fulfilment");
        JsonNode growth = api("/api/v1/online/growth");
        LocalDate from = LocalDate.parse(pulse.at("/period/from").asString());
        LocalDate to = LocalDate.parse(pulse.at("/period/to").asString());
        // the API against SQL over the facts: revenue is every order line of the period, orders the ids with a
        // non-cancelled line
        assertThat(new BigDecimal(pulse.get("revenue").asString()))
                .isEqualByComparingTo(sqlNumber(
                                "SELECT SUM(quantity * unit_price) FROM orders WHERE business_date BETWEEN ? AND ?",
                                from,
                                to)
                        .setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(pulse.get("orders").asLong())
                .isEqualTo(sqlNumber(
                                "SELECT COUNT(DISTINCT order_id) FROM orders WHERE NOT is_cancellation AND business_date BETWEEN ? AND ?",
                                from,
                                to)
                        .longValue());
        assertThat(pulse.get("orders").asLong()).isPositive();

        for (String tile : new String[] {
            "revenue",
            "orders",
            "aov",
            "fulfilment_on_time",
            "wow",
            "on_time",
            "sla_breaches",
            "open_escalations",
            "first_response_median",
            "resolution_p95",
            "ttm",
            "progress",
            "conversion",
            "cac"
        }) {
            assertThat(find("[data-metric=" + tile + "]").getText())
                    .as("tile %s", tile)
                    .isNotBlank();
        }
        // every demo feed is present, so conversion and CAC are computed, not "not available"
        assertThat(find("[data-metric=conversion]").getDomAttribute("data-value"))
                .isEqualTo(growth.at("/conversion_rate_pct/value").asString());
        assertThat(find("[data-metric=cac]").getDomAttribute("data-value"))
                .isEqualTo(growth.at("/customer_acquisition_cost/value").asString());
        assertThat(find("[data-metric=revenue]").getDomAttribute("data-value"))
                .isEqualTo(pulse.get("revenue").asString());
        assertThat(find("[data-metric=on_time]").getDomAttribute("data-value"))
                .isEqualTo(fulfilment.at("/on_time_pct/value").asString());
        assertThat(findAll("#top-skus tbody tr")).hasSize(pulse.get("top_skus").size());
        // the pulse's revenue is not the Overview's online net sales: the page says what is in it
        assertThat(find("#pulse .card-head").getText()).contains("include postage and fees");
        assertThat(findAll("#open-problems tbody tr"))
                .hasSize(Math.min(25, fulfilment.get("open_problems").size()));
        assertThat(findAll("#top-skus tbody tr"))
                .noneMatch(tr -> tr.getText().contains("POST")); // postage is not a product
        assertThat(findAll("#carriers tbody tr"))
                .hasSize(fulfilment.get("by_carrier").size());
        assertThat(findAll("#milestones .chip"))
                .hasSize(growth.get("milestones").size());
        assertThat(findAll("#agents tbody tr")).isNotEmpty();
        assertThat(findAll("#supplier-table tbody tr")).isNotEmpty();
        assertThat(findAll("#growth-chart svg")).isNotEmpty();
        // a part-month (the demo's first and, unless it ends on a month's last day, its last): the chart says how many
        // of its days it holds
        for (JsonNode month : growth.get("monthly")) {
            int held = month.get("days").asInt();
            int length = month.get("period_days").asInt();
            assertThat(find("#growth-chart").getDomAttribute("aria-label").contains("holds " + held + " of " + length))
                    .as("%s: %d of %d days", month.get("month").asString(), held, length)
                    .isEqualTo(held < length);
        }
        // the demo's sales file fails on one day: growth (web + store sales) names it above its figures
        JsonNode gaps = growth.at("/completeness/incomplete_days");
        assertThat(gaps).isNotEmpty();
        assertThat(find("#growth-incomplete").getDomAttribute("data-days"))
                .contains(gaps.get(0).get("date").asString());
        assertThat(find("#growth-incomplete").getText()).contains("sales failed");
        assertThat(findAll("#anomaly-table tbody tr"))
                .hasSize(api("/api/v1/online/anomalies").get("anomalies").size());
        JsonNode seasonality = api("/api/v1/online/seasonality");
        assertThat(findAll("#category-trends tbody tr"))
                .hasSize(seasonality.get("categories").size())
                .isNotEmpty();
        for (String kind : new String[] {"weekday", "monthly"}) {
            JsonNode idx = seasonality.get(kind);
            String id = kind.equals("weekday") ? "#weekday-index" : "#month-index";
            if (idx.get("unavailable").isNull()) {
                assertThat(findAll(id + " tbody tr"))
                        .as(kind)
                        .hasSize(idx.get("indexes").size());
            } else {
                assertThat(find(id).getText())
                        .as(kind)
                        .contains(idx.get("unavailable").asString());
            }
        }
        assertThat(consoleErrors()).isEmpty();
        screenshot("online");
    }

    /**
     * A period holding the demo's failed sales day: the figures that sum its feed (growth's web + store revenue) are
     * marked ⚠ with the day they leave out, and its week over week is "Not available" rather than a drop; the pulse's
     * web-order figures, whose feed arrived that day, are not marked.
     */
    @Test
    void theFiguresOverADayWhoseFeedFailedAreMarkedAndTheWeekOverWeekIsNotAvailable() {
        LocalDate failed = LocalDate.ofEpochDay(
                sqlLong(
                        "SELECT MAX(business_date) - DATE '1970-01-01' FROM feeds WHERE dataset = 'sales' AND status = 'failed'"));
        LocalDate to = failed.plusDays(1).isAfter(chain.latestSalesDate()) ? failed : failed.plusDays(1);
        LocalDate from = to.minusDays(13);
        JsonNode growth = api("/api/v1/online/growth", "from", from.toString(), "to", to.toString());
        JsonNode pulse = api("/api/v1/online/pulse", "from", from.toString(), "to", to.toString());
        assertThat(growth.at("/completeness/incomplete_days").toString()).contains(failed.toString());
        assertThat(growth.at("/wow_growth_pct/value").isNull()).isTrue();

        open("/online?from=" + from + "&to=" + to);
        assertThat(find("#growth-incomplete").getText())
                .contains(failed.toString().substring(0, 4));
        for (String tile : new String[] {"ttm", "progress"}) {
            assertThat(find("[data-metric=" + tile + "]").getDomAttribute("data-incomplete"))
                    .as(tile)
                    .contains(failed.toString());
            assertThat(find("[data-metric=" + tile + "]").getText()).as(tile).contains("⚠ leaves out");
        }
        assertThat(find("[data-metric=growth_wow]").getText())
                .contains("Not available")
                .contains("a week with a missing feed is not comparable");
        boolean ordersMarked =
                pulse.at("/completeness/incomplete_days").toString().contains("\"orders ");
        assertThat(find("[data-metric=revenue]").getDomAttribute("data-incomplete") != null)
                .as("the pulse's revenue marked only when its orders feed has a gap: %s", pulse.get("completeness"))
                .isEqualTo(ordersMarked);
        assertThat(consoleErrors()).isEmpty();
        screenshot("online-incomplete");
    }

    @Test
    void customersPageShowsTheCohortHeatmapAndTheApisCounts() {
        open("/customers");
        JsonNode customers = api("/api/v1/online/customers");
        JsonNode cohorts = api("/api/v1/online/cohorts");
        LocalDate from = LocalDate.parse(customers.at("/period/from").asString());
        LocalDate to = LocalDate.parse(customers.at("/period/to").asString());
        long unique = sqlNumber(
                        "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE NOT is_cancellation AND business_date BETWEEN ? AND ?",
                        from,
                        to)
                .longValue();
        assertThat(customers.at("/totals/unique_customers").asLong())
                .isEqualTo(unique)
                .isPositive();
        assertThat(find("[data-metric=unique_customers]").getDomAttribute("data-value"))
                .isEqualTo(String.valueOf(unique));
        assertThat(find("[data-metric=repeat_rate]").getDomAttribute("data-value"))
                .isEqualTo(customers.at("/totals/repeat_rate_pct/value").asString());
        int cells = 0;
        for (JsonNode c : cohorts.get("cohorts")) {
            cells += c.get("months").size();
        }
        assertThat(cells).isPositive();
        assertThat(findAll("#cohort-heatmap td.hm-cell")).hasSize(cells);
        // the latest month is the month so far (unless the demo ends on a month's last day): its cells say so
        long partial = 0;
        for (JsonNode c : cohorts.get("cohorts")) {
            for (JsonNode m : c.get("months")) {
                partial += m.get("days").asInt() < m.get("period_days").asInt() ? 1 : 0;
            }
        }
        assertThat(findAll("#cohort-heatmap td[data-partial]")).hasSize((int) partial);
        assertThat(findAll("#cohort-partial")).hasSize(partial > 0 ? 1 : 0);
        assertThat(findAll("#rfm-segments tbody tr"))
                .hasSize(customers.get("rfm_segments").size());
        assertThat(findAll("#retailer-segments tbody tr"))
                .hasSize(customers.get("retailer_segments").size())
                .isNotEmpty();
        assertThat(consoleErrors()).isEmpty();
        screenshot("customers");
    }

    /**
     * A day whose orders feed a run recorded as failed (the demo's orders all arrive, so the test marks one such day
     * in feed_arrivals and restores it after): every Customers figure (each counts web orders) is marked ⚠ as leaving
     * it out, and the daily chart shows the day shaded "incomplete" rather than as a day like the others.
     */
    @Test
    void theCustomersFiguresOverADayWhoseOrdersFeedFailedAreMarked() {
        LocalDate to = LocalDate.ofEpochDay(sqlLong("SELECT MAX(business_date) - DATE '1970-01-01' FROM orders"));
        LocalDate failed = to.minusDays(3);
        LocalDate from = to.minusDays(13);
        String mark = "UPDATE feed_arrivals SET status = ? WHERE dataset = 'orders' AND business_date = ?";
        assertThat(sqlUpdate(mark, "failed", failed))
                .as("the orders arrival of %s", failed)
                .isPositive();
        try {
            JsonNode customers = api("/api/v1/online/customers", "from", from.toString(), "to", to.toString());
            assertThat(customers.at("/completeness/incomplete_days").toString())
                    .as("the API marks the day: %s", customers.get("completeness"))
                    .contains(failed.toString())
                    .contains("\"orders failed");

            open("/customers?from=" + from + "&to=" + to);
            assertThat(find("#incomplete-banner").getDomAttribute("data-days")).contains(failed.toString());
            for (String card : new String[] {
                "unique_customers", "new_customers", "returning_customers", "repeat_rate", "clv", "guest_orders"
            }) {
                assertThat(find("[data-metric=" + card + "]").getDomAttribute("data-incomplete"))
                        .as(card)
                        .isEqualTo(failed.toString());
                assertThat(find("[data-metric=" + card + "]").getText())
                        .as(card)
                        .contains("⚠ leaves out");
            }
            waitUntil(
                    "the daily chart to shade the day whose orders feed failed",
                    () -> find("#daily-chart").getText().contains("incomplete"));
            assertThat(find("#daily-chart").getDomAttribute("data-incomplete")).isEqualTo(failed.toString());
            assertThat(consoleErrors()).isEmpty();
            screenshot("customers-incomplete");
        } finally {
            sqlUpdate(mark, "arrived", failed);
        }
    }

    @Test
    void onAPhoneNeitherPageOverflows() {
        phone();
        try {
            for (String page : new String[] {"/online", "/customers"}) {
                open(page);
                awaitSettled();
                Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(overflow.intValue())
                        .as("horizontal overflow of %s in px", page)
                        .isLessThanOrEqualTo(0);
                screenshot(page.substring(1) + "-phone");
            }
        } finally {
            desktop();
        }
    }
}
