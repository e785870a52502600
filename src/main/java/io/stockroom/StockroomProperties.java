package io.stockroom;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Core settings. Every value has a default that works with nothing configured; each can be set in
 * application.yaml, as an environment variable (STOCKROOM_DATA_DIR, STOCKROOM_QUALITY_ERROR_THRESHOLD, ...)
 * or, for the data directory, with the --data-dir flag.
 */
@ConfigurationProperties("stockroom")
public record StockroomProperties(
        @DefaultValue("./stockroom-data") Path dataDir,
        Path contractsDir,
        Path dropDir,
        @DefaultValue Warehouse warehouse,
        @DefaultValue Quality quality,
        @DefaultValue("UTC") String timezone,
        @DefaultValue("500ms") java.time.Duration dropSettleTime,
        @DefaultValue("256MB") org.springframework.util.unit.DataSize minFreeSpace) {

    /**
     * @param dropSettleTime how long a drop-folder file must stay unchanged before a run reads it: a writer that pauses
     *     longer than this mid-file (a stalled SFTP upload under the file's final name) has its rows so far read as
     *     the whole file (the next run reloads it whole); a writer that renames {@code .part}/{@code .tmp} files when
     *     done needs none
     * @param minFreeSpace a run that starts with less free space than this on the data directory's disk warns (the
     *     raw lake, the warehouse file and its log grow there; a full disk fails the warehouse's checkpoint)
     */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public StockroomProperties {
        if (dropSettleTime != null && dropSettleTime.isNegative()) {
            throw new IllegalArgumentException(
                    "stockroom.drop-settle-time must be 0 or more (e.g. 500ms, 30s), got " + dropSettleTime);
        }
        if (minFreeSpace == null) {
            minFreeSpace = DEFAULT_MIN_FREE_SPACE;
        }
    }

    /** {@link #minFreeSpace} unless set. */
    public static final org.springframework.util.unit.DataSize DEFAULT_MIN_FREE_SPACE =
            org.springframework.util.unit.DataSize.ofMegabytes(256);

    /** With the default free-space threshold. */
    public StockroomProperties(
            Path dataDir,
            Path contractsDir,
            Path dropDir,
            Warehouse warehouse,
            Quality quality,
            String timezone,
            java.time.Duration dropSettleTime) {
        this(dataDir, contractsDir, dropDir, warehouse, quality, timezone, dropSettleTime, DEFAULT_MIN_FREE_SPACE);
    }

    /** With the retailer in UTC. */
    public StockroomProperties(Path dataDir, Path contractsDir, Path dropDir, Warehouse warehouse, Quality quality) {
        this(dataDir, contractsDir, dropDir, warehouse, quality, "UTC", java.time.Duration.ofMillis(500));
    }

    /**
     * The retailer's time zone ({@code stockroom.timezone}, the same setting as {@code stockroom.metrics.time-zone}:
     * RetailerTimeZone keeps them one): the business day of a time written with a UTC offset, the schedule, "today".
     */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone.strip());
    }

    /**
     * The warehouse engine: {@code url} chooses it (jdbc:duckdb:... or empty for the embedded file under the data
     * directory; jdbc:postgresql://... for PostgreSQL or Supabase, with {@code user}, {@code password} and the
     * {@code schema} Stockroom owns). See docs/engines.md.
     */
    public record Warehouse(
            @DefaultValue("duckdb") String engine,
            @DefaultValue("4GB") String memoryLimit,
            @DefaultValue("0") int threads,
            String url,
            String user,
            String password,
            @DefaultValue("stockroom") String schema,
            @DefaultValue("10") int poolSize,
            @DefaultValue("10000000") long modelSliceRows) {

        /** The rows of input one statement of a model reads at most when it recomputes several dates, by default. */
        public static final long DEFAULT_MODEL_SLICE_ROWS = 10_000_000L;

        /**
         * @param modelSliceRows the most rows of its largest dated input one statement of a model reads when it
         *     recomputes several dates (a rebuild, a late correction): more dates are written in slices of fewer, each
         *     one statement, so memory stays bounded (docs/models.md, "Rebuilds in slices")
         */
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Warehouse {
            if (modelSliceRows < 1) {
                throw new IllegalArgumentException("stockroom.warehouse.model-slice-rows must be 1 or more (e.g. "
                        + DEFAULT_MODEL_SLICE_ROWS + "), got " + modelSliceRows);
            }
        }

        public Warehouse(
                String engine,
                String memoryLimit,
                int threads,
                String url,
                String user,
                String password,
                String schema,
                int poolSize) {
            this(engine, memoryLimit, threads, url, user, password, schema, poolSize, DEFAULT_MODEL_SLICE_ROWS);
        }

        /** The embedded DuckDB file under the data directory. */
        public Warehouse(String engine, String memoryLimit, int threads) {
            this(engine, memoryLimit, threads, null, null, null, "stockroom", 10);
        }

        /** A PostgreSQL warehouse at {@code url} (jdbc:postgresql://host:port/db), in {@code schema}. */
        public static Warehouse postgres(String url, String user, String password, String schema) {
            return new Warehouse("postgres", "4GB", 0, url, user, password, schema, 10);
        }

        /** These settings with another {@link #modelSliceRows}. */
        public Warehouse withModelSliceRows(long rows) {
            return new Warehouse(engine, memoryLimit, threads, url, user, password, schema, poolSize, rows);
        }

        /** True when the url names a PostgreSQL server (Supabase included). */
        public boolean isPostgres() {
            return url != null && url.startsWith("jdbc:postgresql:");
        }
    }

    public record Quality(
            /** A feed whose share of error rows exceeds this fails and loads nothing. */
            @DefaultValue("0.05") double errorThreshold,
            /** Dates before this are rejected as absurdly old. */
            @DefaultValue("2000-01-01") String oldestDate,
            /** Dates more than this many days after today are rejected as in the future. */
            @DefaultValue("1") int futureToleranceDays,
            /**
             * DMY or MDY: how dates like 03/04/2024 read when the file itself cannot prove the order. Unset by default:
             * such a file is then refused (or asked about in the upload preview), never read by a guess.
             */
            String slashDateOrder,
            /** A slice replaced by a complete file that loses more than this share of its rows is a warning. */
            @DefaultValue("0.2") double shrinkWarning) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Quality {}

        public Quality(double errorThreshold, String oldestDate, int futureToleranceDays, String slashDateOrder) {
            this(errorThreshold, oldestDate, futureToleranceDays, slashDateOrder, 0.2);
        }
    }

    public Path resolvedDataDir() {
        return dataDir.toAbsolutePath().normalize();
    }

    /** Where a retailer's contract overrides live: stockroom.contracts-dir, else {data-dir}/contracts. */
    public Path resolvedContractsDir() {
        return contractsDir != null
                ? contractsDir.toAbsolutePath().normalize()
                : resolvedDataDir().resolve("contracts");
    }

    /** The drop folder the pipeline scans: stockroom.drop-dir, else {data-dir}/drop. */
    public Path resolvedDropDir() {
        return dropDir != null
                ? dropDir.toAbsolutePath().normalize()
                : resolvedDataDir().resolve("drop");
    }
}
