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
 * [-Dstockroom.bench.stores=500 -Dstockroom.bench.skus=20000 -Dstockroom.bench.what=daily]}. For measuring one model
 * afterwards: {@code -Dstockroom.bench.keep-schema=true} leaves the scratch schema (on a server started by hand,
 * {@code -Dstockroom.test.postgres-url}, since the embedded one goes with the JVM), and
 * {@code -Dstockroom.bench.postgres-only=true} skips the DuckDB half.
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
        long postmaster = postmasterPid(pg);
        IngestBenchmark bench = new IngestBenchmark(
                        dir, new BenchScale(stores, skus, 0.2, LocalDate.now().minusDays(1)), out, daily)
                .onPostgresToo(pg, () -> serverCpuMillis(postmaster));
        if (Boolean.getBoolean("stockroom.bench.postgres-only")) {
            bench.onPostgresOnly();
        }
        if (Boolean.getBoolean("stockroom.bench.keep-schema")) {
            bench.keepingPostgresSchema();
        }
        bench.run();
        IngestBenchmark.deleteTree(dir);
    }

    /** The server's main process (the parent of a backend), which is on this machine. */
    private static long postmasterPid(StockroomProperties.Warehouse pg) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.url(), pg.user(), "");
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return Long.parseLong(stat(r.getLong(1))[3]);
        }
    }

    /**
     * CPU milliseconds of every process of the server so far: the main process and its ended children (utime, stime,
     * cutime, cstime of /proc/PID/stat), plus its live children (backends, parallel workers, autovacuum).
     */
    private static long serverCpuMillis(long postmaster) {
        try {
            String[] main = stat(postmaster);
            long ticks = Long.parseLong(main[13])
                    + Long.parseLong(main[14])
                    + Long.parseLong(main[15])
                    + Long.parseLong(main[16]);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String[] f = stat(Long.parseLong(name));
                        if (Long.parseLong(f[3]) == postmaster) {
                            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // the process ended while the list was read: its time is in the main process's cutime now
                    }
                }
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fields of /proc/PID/stat from the state on (index 2), the command name (which may hold spaces) cut. */
    private static String[] stat(long pid) throws java.io.IOException {
        String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] rest = line.substring(line.lastIndexOf(')') + 2).split(" ");
        String[] fields = new String[rest.length + 2];
        System.arraycopy(rest, 0, fields, 2, rest.length);
        return fields;
    }
}
