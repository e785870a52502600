package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retailer has one time zone. README documented two settings for it — {@code stockroom.timezone} (the schedule, the
 * SLA deadlines) and {@code stockroom.metrics.time-zone} (the business day of an order time written in UTC, "today") —
 * and a chain that set the first had its UTC order times stored in UTC while its schedule ran in its own zone.
 */
class RetailerTimeZoneTest {

    @TempDir
    Path dir;

    @Test
    void stockroomTimezoneAloneAlsoDatesTheOrdersWrittenInUtc() throws Exception {
        Path data = dir.resolve("data");
        Path orders = Files.writeString(dir.resolve("orders_2026-01-06.csv"), """
                order_id,ordered_at,customer_id,sku,quantity,unit_price
                O1,2026-01-06T03:10:00Z,C1,A,1,10.00
                O2,2026-01-06T15:00:00Z,C2,A,1,20.00
                """);

        CliProcess.Ran ingest = CliProcess.run(
                dir.resolve("logs"),
                List.of("-Dstockroom.timezone=America/New_York"),
                "--data-dir",
                data.toString(),
                "ingest",
                orders.toString());

        assertThat(ingest.exit()).as(ingest.terminal()).isIn(0, 1);
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"), readOnly);
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT order_id || ' ' || CAST(ordered_at AS VARCHAR) || ' ' || CAST(business_date AS VARCHAR)"
                                        + " FROM orders ORDER BY order_id")) {
            // 03:10 UTC is 22:10 the evening before in New York (UTC-5 in January)
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("O1 2026-01-05 22:10:00 2026-01-05");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("O2 2026-01-06 10:00:00 2026-01-06");
        }
    }

    @Test
    void aRunWithoutADateRunsYesterdayOnTheRetailersClockNotTheServers() throws Exception {
        // a zone whose date differs from UTC's at this moment (Kiritimati is UTC+14, Pago Pago UTC-11: one of the two
        // always is), on a server whose JVM keeps UTC, as a cron on a cloud machine does
        java.time.ZoneId stores = java.time.ZoneId.of("Pacific/Kiritimati");
        if (java.time.LocalDate.now(stores).equals(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
            stores = java.time.ZoneId.of("Pacific/Pago_Pago");
        }
        java.time.LocalDate yesterday = java.time.LocalDate.now(stores).minusDays(1);

        CliProcess.Ran run = CliProcess.run(
                dir.resolve("logs"),
                List.of("-Duser.timezone=UTC", "-Dstockroom.timezone=" + stores.getId()),
                "--data-dir",
                dir.resolve("data").toString(),
                "run");

        assertThat(run.terminal())
                .as("the run's date is yesterday in %s (%s), not the server's yesterday", stores, yesterday)
                .contains(yesterday.toString())
                .doesNotContain(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                        .minusDays(1)
                        .toString());
    }
}
