package io.stockroom;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The engine the tests' warehouses use: embedded DuckDB, or with {@code -Dstockroom.test.engine=postgres} a new schema
 * of the PostgreSQL the tests start ({@link TestPostgres}; or the server {@code -Dstockroom.test.postgres-url} names).
 * Hand-wired warehouses ({@link TestWarehouse}) and every Spring test application (this post-processor, registered in
 * the tests' {@code META-INF/spring.factories}) follow it, so the same API and browser tests run on either engine.
 * A test that sets {@code stockroom.warehouse.url} itself keeps its own (its dynamic properties come first).
 */
public final class TestEngine implements EnvironmentPostProcessor {

    /** True when the tests run on PostgreSQL. */
    public static boolean postgres() {
        return System.getProperty("stockroom.test.engine", "duckdb")
                .strip()
                .toLowerCase(Locale.ROOT)
                .startsWith("postgres");
    }

    /** Settings for a new, empty warehouse on the engine under test. */
    public static StockroomProperties.Warehouse newWarehouse() {
        return newWarehouse(new StockroomProperties.Warehouse("duckdb", "2GB", 0));
    }

    /** {@code duckDb} on DuckDB, a new PostgreSQL schema with -Dstockroom.test.engine=postgres. */
    public static StockroomProperties.Warehouse newWarehouse(StockroomProperties.Warehouse duckDb) {
        return postgres() ? TestPostgres.newWarehouse() : duckDb;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!postgres() || environment.containsProperty("stockroom.warehouse.url")) {
            return;
        }
        StockroomProperties.Warehouse w = TestPostgres.newWarehouse();
        // up to 32 cached test applications share one server (200 connections): keep each pool small
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "stockroom-test-engine",
                        Map.of(
                                "stockroom.warehouse.url",
                                w.url(),
                                "stockroom.warehouse.user",
                                w.user(),
                                "stockroom.warehouse.password",
                                w.password(),
                                "stockroom.warehouse.schema",
                                w.schema(),
                                "stockroom.warehouse.pool-size",
                                "4")));
    }

    /**
     * A real DuckDB out-of-memory: an in-memory database limited to 50 MB asked for an aggregate of ~400 MB of text,
     * the exception its driver throws (how a warehouse statement that runs out of memory fails).
     */
    public static java.sql.SQLException duckDbOutOfMemory() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '50MB'");
            s.execute("SET threads = 1");
            s.executeQuery("SELECT g % 20 AS k, LENGTH(STRING_AGG(REPEAT('x', 100), ',')) FROM "
                    + "generate_series(1, 4000000) t(g) GROUP BY k");
        } catch (java.sql.SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("Out of Memory Error")) {
                return e;
            }
            throw new AssertionError("DuckDB failed otherwise than out of memory", e);
        }
        throw new AssertionError("DuckDB did not run out of memory at 50 MB");
    }
}
