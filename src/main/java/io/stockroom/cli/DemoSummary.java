package io.stockroom.cli;

import io.stockroom.demo.DemoService;
import java.io.PrintWriter;
import org.springframework.stereotype.Component;

/** The one-screen summary at the end of `stockroom demo`. */
@Component
class DemoSummary {

    void print(PrintWriter out, DemoService.DemoResult r, String url) {
        out.println();
        out.println("Stockroom demo — " + r.spec().stores() + " stores, " + r.spec().skus() + " SKUs, " + r.spec().firstDate() + " to " + r.spec().endDate());
        out.println("─".repeat(72));
        out.printf("  days run          %,d%s%n", r.daysRun(), r.newRuns().isEmpty() ? " (all already done: reused)" : String.format(" (%d this time, %.1f s)",
                r.newRuns().size(), r.pipelineSeconds()));
        out.printf("  rows loaded       %,d%n", r.rowsLoaded());
        out.printf("  rows quarantined  %,d   (stockroom feeds --status failed; the Quality page lists every bad row)%n", r.rowsQuarantined());
        out.printf("  failed feeds      %,d%n", r.failedFeeds());
        out.println("─".repeat(72));
        if (url != null) {
            out.println("  Dashboards  " + url);
            out.println("  API docs    " + url + "api/docs");
            out.println("  Ctrl+C to stop.");
        }
        out.flush();
    }
}
