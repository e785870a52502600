package io.stockroom.quality;

import io.stockroom.contract.Severity;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the checks found in one file.
 *
 * @param rowsStaged rows the engine could parse into columns
 * @param malformedLines lines the engine could not split into the header's columns (ragged, bad quoting)
 * @param errorRows parsed rows failing at least one error check (quarantined)
 * @param warnRows rows kept with at least one warning
 * @param failures rows failing each check
 * @param nullWords per column (in the contract's order), how many of its values were read as no value because they are
 *     one of its null words, per word (in the order declared); only words found, never the empty cell
 */
public record ValidationOutcome(
        CheckPlan plan,
        long rowsStaged,
        long malformedLines,
        long errorRows,
        long warnRows,
        Map<Check, Long> failures,
        LocalDate minDate,
        LocalDate maxDate,
        Map<String, Map<String, Long>> nullWords) {

    public ValidationOutcome {
        nullWords =
                nullWords == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nullWords));
    }

    public long recordsRead() {
        return rowsStaged + malformedLines;
    }

    public long quarantined() {
        return errorRows + malformedLines;
    }

    public long loadable() {
        return rowsStaged - errorRows;
    }

    /** Share of rows read that cannot be loaded. */
    public double errorShare() {
        return recordsRead() == 0 ? 0 : (double) quarantined() / recordsRead();
    }

    /** 0..100: 100 minus the error share and a fifth of the warning share, in percent (warned rows still load). */
    public double qualityScore() {
        if (recordsRead() == 0) {
            return 0;
        }
        double warnShare = (double) warnRows / recordsRead();
        return Math.max(0, Math.round((100 * (1 - errorShare() - warnShare / 5)) * 10) / 10.0);
    }

    public Map<Check, Long> failuresOf(Severity severity) {
        Map<Check, Long> out = new LinkedHashMap<>();
        failures.forEach((c, n) -> {
            if (c.severity() == severity && n > 0) {
                out.put(c, n);
            }
        });
        return out;
    }
}
