package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retailer whose sales contract says each file is the complete store-day is warned, on the run, when a day shrinks (issue #16). */
class ShrinkWarningRunTest {

    static final LocalDate D = LocalDate.of(2025, 3, 1);

    @TempDir
    Path dir;

    TestWarehouse w;

    @AfterEach
    void close() {
        if (w != null) {
            w.close();
        }
    }

    @Test
    void aSliceThatShrinksBeyondTheShareMakesTheRunAWarningNamingTheFeed() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/contracts/sales.yaml")) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shipped).contains("load_mode: upsert");
            Files.createDirectories(dir.resolve("contracts"));
            Files.writeString(
                    dir.resolve("contracts/sales.yaml"),
                    shipped.replace("load_mode: upsert", "load_mode: replace_slice"));
        }
        w = new TestWarehouse(dir);
        PipelineService pipeline = new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
        drop("stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\nC,Cherry,Fruit,1,2\n");
        drop(
                "sales.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS1,B,2025-03-01,5,2\nS1,C,2025-03-01,1,2\n");
        assertThat(pipeline.run(D, Trigger.CLI).status()).isEqualTo("succeeded");

        drop("sales_resent.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\n");
        RunResult r = pipeline.run(D, Trigger.CLI);
        assertThat(w.count("SELECT COUNT(*) FROM sales"))
                .as("the contract says the file is the complete store-day")
                .isEqualTo(1);
        assertThat(r.status()).isEqualTo("warning");
        assertThat(r.stages())
                .anyMatch(s -> s.name().equals("slice_check")
                        && s.status().equals("warning")
                        && s.detail().contains(r.feeds().getFirst().feedId()));
        assertThat(r.feeds().getFirst().summary().issues())
                .anyMatch(i -> i.code().equals("SLICE_SHRANK") && i.type().equals("warn") && i.rows() == 2);
    }

    @Test
    void aStoreCodeWrittenInAnotherCaseMakesTheRunAWarningNamingTheFeed() throws IOException {
        w = new TestWarehouse(dir);
        PipelineService pipeline = new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
        drop("stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop("products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        drop("sales.csv", "store_id,sku,date,units_sold,total_sales\ns1,A,2025-03-01,3,3\n");
        RunResult r = pipeline.run(D, Trigger.CLI);
        assertThat(r.status()).isEqualTo("warning");
        String salesFeed = r.feeds().stream()
                .filter(f -> f.dataset().equals("sales"))
                .findFirst()
                .orElseThrow()
                .feedId();
        assertThat(r.stages())
                .anyMatch(s -> s.name().equals("master_check")
                        && s.status().equals("warning")
                        && s.detail().contains(salesFeed)
                        && s.detail().contains("unknown store s1 — did you mean S1?"));
    }

    private void drop(String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(D.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
