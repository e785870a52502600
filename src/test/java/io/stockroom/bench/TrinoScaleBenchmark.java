package io.stockroom.bench;

import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code stockroom bench scale} on the single-node Trino 476 and the embedded PostgreSQL 17 the tests start (no cluster
 * to hand). A benchmark, not a test: {@code ./mvnw -Ptrino test -Dtest=TrinoScaleBenchmark -Dstockroom.bench=true
 * [-Dstockroom.bench.stores=100,200,500 -Dstockroom.bench.skus=20000 -Dstockroom.bench.days=1
 * -Dstockroom.bench.trino-only=true]}.
 */
@EnabledIfSystemProperty(named = "stockroom.bench", matches = "true")
class TrinoScaleBenchmark {

    @Test
    void dailyMartsOnDuckDbAndTrino() throws Exception {
        List<Integer> stores = Arrays.stream(System.getProperty("stockroom.bench.stores", "100,200,500")
                        .split(","))
                .map(s -> Integer.valueOf(s.strip()))
                .toList();
        int skus = Integer.getInteger("stockroom.bench.skus", 20_000);
        int days = Integer.getInteger("stockroom.bench.days", 1);
        Path dir = Files.createTempDirectory("stockroom-scale-bench");
        TestTrino.assumeAvailable();
        PrintWriter out = new PrintWriter(System.out, true);
        out.printf(
                "bench scale --stores %s --skus %d --days %d (single-node Trino 476 and embedded PostgreSQL 17)%n",
                stores, skus, days);
        ScaleBenchmark.run(
                new ScaleBenchmark.Options(
                        stores,
                        skus,
                        days,
                        dir,
                        TestPostgres::newWarehouse,
                        TestTrino::settings,
                        !Boolean.getBoolean("stockroom.bench.trino-only")),
                out);
        IngestBenchmark.deleteTree(dir);
    }
}
