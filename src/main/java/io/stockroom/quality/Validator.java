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
        try (Statement s = c.createStatement()) {
            for (String m : macros) {
                s.execute(m);
            }
        }
        long t0 = System.nanoTime();
        Map<String, Boolean> dayFirst = detectDayFirst(c, contract, mapping);
        long t1 = System.nanoTime();
        CheckPlan plan = new CheckCompiler(contracts, settings).compile(contract, mapping, dayFirst, LocalDate.now(clock));
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
            log.debug("validate {}: day-order {} ms, checks {} ms, counts {} ms", contract.dataset(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            Date min = r.getDate(4);
            Date max = r.getDate(5);
            return new ValidationOutcome(plan, r.getLong(1), malformedLines, r.getLong(2), r.getLong(3), failures,
                    min == null ? null : min.toLocalDate(), max == null ? null : max.toLocalDate());
        }
    }

    /**
     * Slash dates are ambiguous (03/04/2024). Per column and file: a first part above 12 proves day-first,
     * a second part above 12 proves month-first; otherwise stockroom.quality.slash-date-order decides.
     */
    private Map<String, Boolean> detectDayFirst(Connection c, Contract contract, HeaderMapping mapping) throws SQLException {
        Map<String, Boolean> out = new HashMap<>();
        for (ColumnSpec col : contract.inputColumns()) {
            if (col.type() != ColumnType.DATE && col.type() != ColumnType.TIMESTAMP) {
                continue;
            }
            String header = mapping.header(col.name()).orElse(null);
            if (header == null) {
                continue;
            }
            String h = CheckCompiler.quote(header);
            String sql = "SELECT MAX(TRY_CAST(split_part(trim(" + h + "), '/', 1) AS INTEGER)), MAX(TRY_CAST(split_part(split_part(trim(" + h
                    + "), '/', 2), ' ', 1) AS INTEGER)) FROM " + CheckPlan.STAGING + " WHERE regexp_matches(" + h + ", '^\\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}')";
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                int first = r.getInt(1);
                int second = r.getInt(2);
                if (first > 12) {
                    out.put(col.name(), true);
                } else if (second > 12) {
                    out.put(col.name(), false);
                }
            }
        }
        return out;
    }
}
