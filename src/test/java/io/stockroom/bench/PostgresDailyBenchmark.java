package io.stockroom.bench;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code stockroom bench daily --engine postgres} on the PostgreSQL 17 the tests start (no server to hand): the DuckDB
 * run and its read_csv reference, then the same files on PostgreSQL beside a plain COPY + the same KPI join. A
 * benchmark, not a test: {@code ./mvnw test -Dtest=PostgresDailyBenchmark -Dstockroom.bench=true
 * [-Dstockroom.bench.stores=500 -Dstockroom.bench.skus=20000 -Dstockroom.bench.what=daily]}.
 */
@EnabledIfSystemProperty(named = "stockroom.bench", matches = "true")
class PostgresDailyBenchmark {

    @Test
    void dailyOnBothEngines() throws Exception {
        int stores = Integer.getInteger("stockroom.bench.stores", 500);
        int skus = Integer.getInteger("stockroom.bench.skus", 20_000);
        boolean daily = !System.getProperty("stockroom.bench.what", "daily").equals("ingest");
        Path dir = Files.createTempDirectory("stockroom-pg-bench");
        StockroomProperties.Warehouse pg = StockroomProperties.Warehouse.postgres(
                TestPostgres.url(),
                System.getProperty("stockroom.test.postgres-user", "postgres"),
                "",
                "stockroom_bench_" + ProcessHandle.current().pid());
        PrintWriter out = new PrintWriter(System.out, true);
        out.printf(
                "bench %s --engine postgres --stores %d --skus %d (embedded PostgreSQL 17 at %s)%n",
                daily ? "daily" : "ingest", stores, skus, pg.url());
        new IngestBenchmark(
                        dir, new BenchScale(stores, skus, 0.2, LocalDate.now().minusDays(1)), out, daily)
                .onPostgresToo(pg)
                .run();
        IngestBenchmark.deleteTree(dir);
    }
}
