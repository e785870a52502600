package io.stockroom.cli;

import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedSummary;
import java.io.PrintWriter;

/** Prints feed outcomes for people reading a terminal. */
final class FeedPrinter {

    private FeedPrinter() {}

    static void print(PrintWriter out, String fileName, FeedResult r) {
        String mark = r.duplicateOf() != null ? "=" : r.status().name().equals("TRANSFORMED") ? "✓" : "✗";
        out.printf(
                "%s %-40s %-18s %-12s %s%n",
                mark,
                fileName,
                r.dataset() == null ? "?" : r.dataset(),
                r.businessDate() == null ? "" : r.businessDate(),
                r.status().wire() + (r.duplicateOf() != null ? " (duplicate of " + r.duplicateOf() + ")" : ""));
        if (r.duplicateOf() == null && r.recordsRead() > 0) {
            out.printf(
                    "    feed %s: read %,d · loaded %,d · quarantined %,d · returns %,d · quality %.1f%n",
                    r.feedId(),
                    r.recordsRead(),
                    r.recordsLoaded(),
                    r.recordsQuarantined(),
                    r.returns(),
                    r.qualityScore());
        } else {
            out.printf("    feed %s%n", r.feedId());
        }
        FeedSummary s = r.summary();
        if (s.metrics().grossRevenue() != null) {
            out.printf(
                    "    revenue %,.2f · cogs %s · margin %s%s%n",
                    s.metrics().grossRevenue(),
                    s.metrics().cogs() == null
                            ? "n/a"
                            : String.format("%,.2f", s.metrics().cogs()),
                    s.metrics().marginPct() == null
                            ? "n/a"
                            : String.format("%.1f%%", s.metrics().marginPct()),
                    s.metrics().missingProductCost() == null || s.metrics().missingProductCost() == 0
                            ? ""
                            : String.format(
                                    " (of costed rows; %,d rows without a cost)",
                                    s.metrics().missingProductCost()));
        }
        for (FeedSummary.Issue i : s.issues()) {
            if (!i.type().equals("info")
                    || i.code().equals("PLACEHOLDERS_CREATED")
                    || i.code().equals("DUPLICATE_FILE")
                    || i.code().equals("SLICE_REPLACED")
                    || i.code().equals("ALREADY_LOADED")
                    || i.code().equals("ROWS_UPDATED")
                    || i.code().equals("EMPTY_LINES")
                    || i.code().equals("NULL_WORDS")
                    || i.code().equals("EMPTY_DAY")) {
                out.printf(
                        "    %-5s %-24s %s%s%n",
                        i.type(), i.code(), i.rows() > 0 ? String.format("%,d rows: ", i.rows()) : "", i.message());
            }
        }
        if (s.error() != null) {
            out.printf("    error %s: %s%n", s.error().code(), s.error().message());
        }
    }
}
