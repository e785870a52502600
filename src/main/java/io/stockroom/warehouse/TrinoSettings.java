package io.stockroom.warehouse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Trino engine (docs/scale.md): a Trino coordinator that reads the lake's fact tables from an Iceberg catalog
 * (its JDBC catalog in the PostgreSQL warehouse) and master data and marts from the warehouse through its postgresql
 * catalog. Unset {@code url}: no Trino.
 *
 * @param url                  {@code jdbc:trino://HOST:PORT}
 * @param user                 the Trino user (any name without authentication)
 * @param password             with TLS and password authentication only
 * @param icebergCatalog       the Trino catalog of the lake (connector iceberg, {@code iceberg.catalog.type=jdbc})
 * @param postgresCatalog      the Trino catalog of the warehouse database (connector postgresql)
 * @param lakeSchema           the Iceberg namespace holding the fact tables
 * @param icebergCatalogSchema the PostgreSQL schema holding the Iceberg JDBC catalog's tables (created if missing)
 * @param answerTimeout        how long Trino may take to answer any one request of Stockroom's (the connection, a
 *                             statement's start, each poll of a running statement) before the call fails as Trino not
 *                             answering. A coordinator answers each poll of a running query within about a second, so
 *                             this bounds a coordinator that accepts connections and never answers, not how long a
 *                             query runs (docs/scale.md, "If Trino does not answer")
 */
@ConfigurationProperties("stockroom.trino")
public record TrinoSettings(
        String url,
        @DefaultValue("stockroom") String user,
        String password,
        @DefaultValue("iceberg") String icebergCatalog,
        @DefaultValue("postgresql") String postgresCatalog,
        @DefaultValue("lake") String lakeSchema,
        @DefaultValue("iceberg_catalog") String icebergCatalogSchema,
        @DefaultValue("1m") Duration answerTimeout) {

    private static final Duration MIN_ANSWER_TIMEOUT = Duration.ofSeconds(2);

    /** The setting of {@link #answerTimeout}, as an operator sets it. */
    public static final String ANSWER_TIMEOUT_SETTING =
            "stockroom.trino.answer-timeout or STOCKROOM_TRINO_ANSWER_TIMEOUT";

    public TrinoSettings {
        for (String name : new String[] {icebergCatalog, postgresCatalog, lakeSchema, icebergCatalogSchema}) {
            if (name != null && !name.matches("[a-z_][a-z0-9_]*")) {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.CONFIG_INVALID,
                        "stockroom.trino catalog and schema names must be "
                                + "lower-case letters, digits and underscores; '" + name
                                + "' is not. Rename it in the settings (docs/scale.md).");
            }
        }
        if (answerTimeout == null) {
            answerTimeout = Duration.ofMinutes(1);
        }
        // the coordinator holds each poll of a running query for up to a second before it answers: a bound of a second
        // fails every query that runs longer (measured, TrinoLakeTest)
        if (answerTimeout.compareTo(MIN_ANSWER_TIMEOUT) < 0 || answerTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new io.stockroom.StockroomException(
                    io.stockroom.ErrorCode.CONFIG_INVALID,
                    ANSWER_TIMEOUT_SETTING + " must be at least 2s (Trino answers each poll of a running query within"
                            + " about a second), such as 1m or 30s, not " + answerTimeout + ".");
        }
    }

    /** These settings with another {@link #answerTimeout}. */
    public TrinoSettings withAnswerTimeout(Duration timeout) {
        return new TrinoSettings(
                url, user, password, icebergCatalog, postgresCatalog, lakeSchema, icebergCatalogSchema, timeout);
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
