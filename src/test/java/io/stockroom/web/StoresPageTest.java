package io.stockroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.warehouse.Sql;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Stores page's inventory alerts of a day whose stock snapshot did not arrive for the store: not available, never
 * "No inventory alerts ... Stock is within its targets", which a store GM would read as stock being fine.
 */
class StoresPageTest extends BrowserTest {

    @Test
    void aDayWithoutTheStoresStockSnapshotSaysTheAlertsAreNotAvailable() {
        String store = chain.stores().get(0);
        // the morning run of the day after the chain's last day found this store's snapshot missing
        LocalDate day = chain.latestSalesDate().plusDays(1);
        arrival(day, store, "missing");
        try {
            JsonNode alerts = api("/api/v1/inventory/alerts", "date", day.toString(), "store", store);
            assertThat(alerts.get("total").asLong()).isZero();
            assertThat(alerts.at("/completeness/complete").asBoolean()).isFalse();

            open("/stores?store=" + store + "&date=" + day);
            awaitSettled();
            waitUntil("the alerts card", () -> !findAll("#store-alerts .state").isEmpty());
            String card = find("#store-alerts").getText();
            assertThat(card)
                    .contains("Not available")
                    .contains("stock snapshot for this store")
                    .contains("did not arrive")
                    .doesNotContain("within its targets")
                    .doesNotContain("No inventory alerts");
            assertThat(find("#store-alerts .state").getText())
                    .as("the note is the alerts card's state, not beside an empty list")
                    .contains("Not available");
            assertThat(find("#store-alerts #alerts-not-available").getDomAttribute("data-date"))
                    .isEqualTo(day.toString());
            assertThat(consoleErrors()).isEmpty();
            screenshot("stores-snapshot-missing");
        } finally {
            warehouse.inTransaction(c -> Sql.on(c)
                    .sql("DELETE FROM feed_arrivals WHERE business_date = ? AND dataset = 'inventory' AND store_id = ?")
                    .param(Sql.date(day))
                    .param(Sql.text(store))
                    .update());
        }
    }

    /** The day before, the same store's snapshot arrived: its card lists alerts or says stock is within target. */
    @Test
    void aDayWithTheSnapshotIsNotMarked() {
        String store = chain.stores().get(0);
        LocalDate day = chain.latestSalesDate();
        open("/stores?store=" + store + "&date=" + day);
        awaitSettled();
        waitUntil(
                "the alerts card",
                () -> !findAll("#store-alerts table, #store-alerts .state.empty")
                        .isEmpty());
        assertThat(findAll("#store-alerts #alerts-not-available")).isEmpty();
        assertThat(consoleErrors()).isEmpty();
    }

    /**
     * A week after the day whose sales feed failed, the cards have nothing to compare with because that day's sales
     * are missing, not because there is no earlier data.
     */
    @Test
    void aDayWhoseComparisonDayFailedSaysItsSalesAreMissing() {
        String store = chain.stores().get(0);
        LocalDate failed = LocalDate.ofEpochDay(
                sqlLong(
                        "SELECT MAX(business_date) - DATE '1970-01-01' FROM feeds WHERE dataset = 'sales' AND status = 'failed'"));
        LocalDate day = failed.plusDays(7);
        assertThat(day).isBeforeOrEqualTo(chain.latestSalesDate());

        open("/stores?store=" + store + "&date=" + day);
        awaitSettled();
        waitUntil(
                "the net sales card",
                () -> !findAll("#kpis [data-kpi=net_sales]").isEmpty());
        assertThat(find("#kpis [data-kpi=net_sales] .kpi-foot").getText())
                .contains("sales are missing")
                .doesNotContain("no earlier data");
        assertThat(consoleErrors()).isEmpty();
    }

    private void arrival(LocalDate day, String store, String status) {
        warehouse.inTransaction(c -> Sql.on(c)
                .sql("INSERT INTO feed_arrivals (business_date, dataset, store_id, status, why_expected, checked_at)"
                        + " VALUES (?, 'inventory', ?, ?, 'seen on 4 of the last 4 days', ?)")
                .param(Sql.date(day))
                .param(Sql.text(store))
                .param(Sql.text(status))
                .param(Sql.timestamp(LocalDateTime.now()))
                .update());
    }
}
