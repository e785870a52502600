package io.stockroom.quality;

import java.util.List;
import java.util.Map;

/**
 * The compiled form of a contract for one file: the SQL that builds the checked table (typed columns + one
 * flag per check), the checks, and the expression for each warehouse column.
 *
 * @param checkedQuery the query whose rows become temp table __chk, from staging table __stg
 * @param checks every check, in the order of its flag column
 * @param loadExpressions warehouse column -> SQL over __chk (typed value, default or derived expression)
 */
public record CheckPlan(String checkedQuery, List<Check> checks, Map<String, String> loadExpressions) {

    public static final String STAGING = "__stg";
    public static final String CHECKED = "__chk";
    public static final String LINE = "__line";
    public static final String ERROR = "__error";
    public static final String WARN = "__warn";
    /** For a duplicate: the file line (as quarantine counts lines, the header being line 1) of the row it repeats. */
    public static final String FIRST_LINE = "__first_line";
    /**
     * A column the JSON converter adds when some record holds an object or array: per row, the keys that did, as
     * {@code |key|other|}. A contract column fed by such a key is a row error (NESTED_VALUE), never a silent NULL.
     */
    public static final String NESTED = "__json_nested";
}
