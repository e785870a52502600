package io.stockroom.quality;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.ColumnType;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.warehouse.SqlScripts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs a contract's checks over the staged rows of one file (temp table __stg with a __line column) and
 * leaves the checked table __chk on the connection for the load and the quarantine.
 */
@Component
public class Validator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Validator.class);

    private final ContractRegistry contracts;
    private final StockroomProperties.Quality settings;
    private final Clock clock;
    private final List<String> macros;
    private volatile boolean macrosReady;

    @org.springframework.beans.factory.annotation.Autowired
    public Validator(ContractRegistry contracts, StockroomProperties properties) {
        this(contracts, properties.quality(), Clock.systemUTC());
    }

    Validator(ContractRegistry contracts, StockroomProperties.Quality settings, Clock clock) {
        this.contracts = contracts;
        this.settings = settings;
        this.clock = clock;
        try (InputStream in = Validator.class.getResourceAsStream("/quality/duckdb-macros.sql")) {
            this.macros = SqlScripts.split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new StockroomException(ErrorCode.INTERNAL, "The quality macros are missing from the build", e);
        }
    }

    public ValidationOutcome validate(Connection c, Contract contract, HeaderMapping mapping, long malformedLines) throws SQLException {
        if (!macrosReady) {
            // Kept in the warehouse's catalog: defining them once per process, not per file, saves thousands of
            // statements over a backfill.
            synchronized (this) {
                if (!macrosReady) {
                    try (Statement s = c.createStatement()) {
                        for (String m : macros) {
                            s.execute(m);
                        }
                    }
                    macrosReady = true;
                }
            }
        }
        long t0 = System.nanoTime();
        Map<String, ColumnProfile> profiles = profile(c, contract, mapping);
        long t1 = System.nanoTime();
        CheckPlan plan = new CheckCompiler(contracts, settings).compile(contract, mapping, profiles, LocalDate.now(clock));
        log.debug("checks for {}:\n{}", contract.dataset(), plan.createChecked());
        try (Statement s = c.createStatement()) {
            s.execute(plan.createChecked());
        }
        long t2 = System.nanoTime();
        StringBuilder q = new StringBuilder("SELECT COUNT(*), COUNT(*) FILTER (WHERE " + CheckPlan.ERROR + "), COUNT(*) FILTER (WHERE "
                + CheckPlan.WARN + " AND NOT " + CheckPlan.ERROR + ")");
        String dateCol = contract.dateColumn();
        String dateExpr = dateCol == null ? null : plan.loadExpressions().get(dateCol);
        q.append(dateExpr == null ? ", NULL, NULL" : ", MIN(" + dateExpr + ") FILTER (WHERE NOT " + CheckPlan.ERROR + "), MAX(" + dateExpr
                + ") FILTER (WHERE NOT " + CheckPlan.ERROR + ")");
        for (Check check : plan.checks()) {
            q.append(", COUNT(*) FILTER (WHERE ").append(check.flag()).append(')');
        }
        q.append(" FROM ").append(CheckPlan.CHECKED);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(q.toString())) {
            r.next();
            Map<Check, Long> failures = new LinkedHashMap<>();
            for (int i = 0; i < plan.checks().size(); i++) {
                failures.put(plan.checks().get(i), r.getLong(6 + i));
            }
            log.debug("validate {}: profile {} ms, checks {} ms, counts {} ms", contract.dataset(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            Date min = r.getDate(4);
            Date max = r.getDate(5);
            return new ValidationOutcome(plan, r.getLong(1), malformedLines, r.getLong(2), r.getLong(3), failures,
                    min == null ? null : min.toLocalDate(), max == null ? null : max.toLocalDate());
        }
    }

    /**
     * One aggregate pass over the staged file: per mapped column, does every value have the plain form, and for
     * slash dates, which order does the file prove (a first part above 12 proves day-first, a second part above
     * 12 month-first; otherwise stockroom.quality.slash-date-order decides)?
     */
    private Map<String, ColumnProfile> profile(Connection c, Contract contract, HeaderMapping mapping) throws SQLException {
        List<String> exprs = new java.util.ArrayList<>();
        List<ColumnSpec> cols = new java.util.ArrayList<>();
        for (ColumnSpec col : contract.inputColumns()) {
            String header = mapping.header(col.name()).orElse(null);
            if (header == null) {
                continue;
            }
            String h = CheckCompiler.quote(header);
            cols.add(col);
            // The null words live in the sr_null macro alone; all are at most 4 characters, so only short values ask it.
            exprs.add("COUNT(*) FILTER (WHERE " + h + " <> trim(" + h + ") OR (length(" + h + ") <= 4 AND sr_null(" + h + ") IS NULL))");
            exprs.add("COUNT(*) FILTER (WHERE " + h + " IS NOT NULL AND " + notPlain(col.type(), h) + ")");
            boolean date = col.type() == ColumnType.DATE || col.type() == ColumnType.TIMESTAMP;
            String slash = "contains(" + h + ", '/') AND regexp_matches(" + h + ", '^\\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}')";
            exprs.add(date ? "MAX(TRY_CAST(split_part(trim(" + h + "), '/', 1) AS INTEGER)) FILTER (WHERE " + slash + ")" : "0");
            exprs.add(date ? "MAX(TRY_CAST(split_part(split_part(trim(" + h + "), '/', 2), ' ', 1) AS INTEGER)) FILTER (WHERE " + slash + ")" : "0");
        }
        Map<String, ColumnProfile> out = new HashMap<>();
        if (cols.isEmpty()) {
            return out;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + CheckPlan.STAGING)) {
            r.next();
            for (int i = 0; i < cols.size(); i++) {
                int first = r.getInt(4 * i + 3);
                int second = r.getInt(4 * i + 4);
                Boolean dayFirst = first > 12 ? Boolean.TRUE : second > 12 ? Boolean.FALSE : null;
                out.put(cols.get(i).name(), new ColumnProfile(r.getLong(4 * i + 1) == 0, r.getLong(4 * i + 2) == 0, dayFirst));
            }
        }
        return out;
    }

    /** SQL true where a value is not in the form the type's plain cast reads the same way the general parser would. */
    private static String notPlain(ColumnType type, String h) {
        return switch (type) {
            case CODE -> "contains(" + h + ", '.')"; // conservative: only a '.' can make the id parser change a value
            case TEXT -> "FALSE";
            case INTEGER -> "(TRY_CAST(" + h + " AS BIGINT) IS NULL OR contains(" + h + ", '.') OR contains(" + h + ", ','))";
            case DECIMAL -> "TRY_CAST(" + h + " AS DECIMAL(18,4)) IS NULL";
            case DATE -> "TRY_CAST(" + h + " AS DATE) IS NULL";
            case TIMESTAMP -> "TRY_CAST(" + h + " AS TIMESTAMP) IS NULL";
            case BOOLEAN -> "TRUE";
        };
    }
}
