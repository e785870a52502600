package io.stockroom.web;

import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;

/**
 * A small, deterministic chain for the browser tests: 3 stores (loaded through the real ingest, so the
 * feed history has a real feed), 24 products, 35 days of sales and labour and a week of stock (inserted
 * set-based with SQL, which takes milliseconds on a busy machine).
 */
class TestChain {

    static final LocalDate LAST_DAY = LocalDate.now().minusDays(1);
    static final List<String> STORES = List.of("S001", "S002", "S003");

    private final IngestService ingest;
    private final Warehouse warehouse;
    private volatile boolean loaded;

    TestChain(IngestService ingest, Warehouse warehouse) {
        this.ingest = ingest;
        this.warehouse = warehouse;
    }

    synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        try {
            Path dir = Files.createDirectories(warehouse.dataDir().resolve("seed"));
            Path stores = dir.resolve("stores.csv");
            Files.writeString(stores, """
                    store_id,name,area,region
                    S001,Northgate,North,UK
                    S002,Riverside,North,UK
                    S003,Harbour Road,South,UK
                    """);
            FeedResult result = ingest.ingest(stores, IngestRequest.of("stores.csv", "stores", null, "demo"));
            if (!result.loaded() && result.duplicateOf() == null) {
                throw new IllegalStateException("The test chain's stores did not load: " + result);
            }
            String script;
            try (InputStream in = TestChain.class.getResourceAsStream("/web/seed-chain.sql")) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            warehouse.inTransaction(c -> {
                for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
                    if (statement.isBlank()) {
                        continue;
                    }
                    try (PreparedStatement s = c.prepareStatement(statement)) {
                        for (int i = 1; i <= s.getParameterMetaData().getParameterCount(); i++) {
                            s.setObject(i, LAST_DAY);
                        }
                        s.execute();
                    }
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loaded = true;
    }
}
