package io.stockroom.cli;

import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.RunStore;
import java.io.PrintWriter;

/** Prints a run for a terminal. */
final class RunPrinter {

    private RunPrinter() {}

    static void print(PrintWriter out, RunResult r, boolean detail) {
        out.printf(
                "%s %s %-10s %s · %d feeds · %,d rows loaded · %,d quarantined · %d failed feeds · %.1f s%n",
                r.status().equals("succeeded") ? "✓" : r.status().equals("warning") ? "!" : "✗",
                r.businessDate(),
                r.status(),
                r.runId(),
                r.feeds().size(),
                r.rowsLoaded(),
                r.rowsQuarantined(),
                r.failedFeeds(),
                r.millis() / 1000.0);
        if (detail) {
            for (RunStore.Stage s : r.stages()) {
                out.printf(
                        "    %-16s %-9s %8d ms  %s%s%n",
                        s.name(),
                        s.status(),
                        s.durationMs(),
                        s.detail() == null ? "" : s.detail(),
                        s.error() == null ? "" : " — " + s.error());
            }
            r.feeds().forEach(f -> FeedPrinter.print(out, f.summary() == null ? f.feedId() : f.feedId(), f));
        }
        if (r.feeds().isEmpty() && r.error() == null) {
            // "no files" would be false on a rerun (after a crash, say): the day's files are there, loaded before
            out.printf(
                    "    nothing new: no file for %s in the drop folder (stockroom.drop-dir, <drop-dir>/%s/) that was not "
                            + "loaded before, so nothing was loaded; a file is read once: stockroom feeds lists the "
                            + "loaded ones, stockroom replay --date %s reads them again from the raw lake%n",
                    r.businessDate(), r.businessDate(), r.businessDate());
        }
        if (r.error() != null) {
            out.println("    error: " + r.error());
        }
        out.flush();
    }
}
