package io.stockroom.cli;

import io.stockroom.demo.DemoService;
import io.stockroom.metrics.DashboardFilter;
import io.stockroom.metrics.KpiReport;
import io.stockroom.metrics.MetricsService;
import java.io.PrintWriter;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** The one-screen summary at the end of `stockroom demo`: what ran, what loaded, and the week's KPIs. */
@Component
class DemoSummary {

    private final MetricsService metrics;

    DemoSummary(MetricsService metrics) {
        this.metrics = metrics;
    }

    void print(PrintWriter out, DemoService.DemoResult r, String url) {
        out.println();
        out.println(
                "Stockroom demo — " + r.spec().stores() + " stores, " + r.spec().skus() + " SKUs, "
                        + r.spec().firstDate() + " to " + r.spec().endDate());
        out.println("─".repeat(72));
        out.printf(
                "  days run          %,d%s%n",
                r.daysRun(),
                r.newRuns().isEmpty()
                        ? " (all already done: reused)"
                        : String.format(" (%d this time, %.1f s)", r.newRuns().size(), r.pipelineSeconds()));
        out.printf("  rows loaded       %,d%n", r.rowsLoaded());
        out.printf(
                "  rows quarantined  %,d   (stockroom feeds --status failed; the Quality page lists every bad row)%n",
                r.rowsQuarantined());
        out.printf("  failed feeds      %,d%n", r.failedFeeds());
        try {
            KpiReport k = metrics.kpi(new DashboardFilter("last_7_days", null, null, null, null, null, null, null));
            out.println("─".repeat(72));
            out.printf(
                    "  last 7 days (%s to %s) vs the 7 before%n",
                    k.range().from(), k.range().to());
            // formatted in the configured currency and locale (stockroom.metrics.currency / locale)
            kpi(out, "net sales", k.kpis().netSales());
            kpi(out, "units", k.kpis().units());
            kpi(out, "transactions", k.kpis().transactions());
            kpi(out, "gross margin %", k.kpis().grossMarginPct());
            kpi(out, "sales / labour hour", k.kpis().salesPerLabourHour());
        } catch (RuntimeException e) {
            out.println("  (KPIs unavailable: " + e.getMessage() + ")");
        }
        out.println("─".repeat(72));
        if (url != null) {
            out.println("  Dashboards  " + url);
            out.println("  API docs    " + url + "api/docs");
            out.println("  Ctrl+C to stop.");
        }
        out.flush();
    }

    private static void kpi(PrintWriter out, String label, KpiReport.Kpi kpi) {
        out.print(line(label, kpi));
    }

    /**
     * One KPI's line(s): its value and change, "not available" with the reason when it has none, and under it what
     * share of net sales it covers when that is not all (the baskets of stores that count them), so a number the
     * demo's chain can only half compute never reads as the whole chain's.
     */
    static String line(String label, KpiReport.Kpi kpi) {
        if (kpi == null || kpi.value() == null) {
            return String.format(
                    "  %-19s not available%s%n",
                    label,
                    kpi == null || kpi.note() == null
                            ? ""
                            : " ("
                                    + kpi.note()
                                            .replaceFirst("^Not available:? *", "")
                                            .split("(?<=\\.) ")[0] + ")");
        }
        BigDecimal change = kpi.changePp() != null ? kpi.changePp() : kpi.changePct();
        String unit = kpi.changePp() != null ? " pp" : "%";
        String line = String.format(
                "  %-19s %-14s %s%s%n",
                label,
                kpi.formatted(),
                change == null ? "" : String.format("%s%.1f%s", change.signum() >= 0 ? "▲ +" : "▼ ", change, unit),
                change != null && !kpi.comparable() ? " (earlier period incomplete)" : "");
        boolean partial = kpi.coveragePct() != null && kpi.coveragePct().compareTo(BigDecimal.valueOf(100)) < 0;
        return partial && kpi.note() != null ? line + String.format("  %-19s ↳ %s%n", "", kpi.note()) : line;
    }
}
