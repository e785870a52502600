package io.stockroom.cli;

import io.stockroom.replenish.ServiceMeasure;
import io.stockroom.replenish.SimulationReport;
import java.util.Locale;
import java.util.Map;

/** The simulation report as the terminal shows it: one table per class, a row per policy. */
final class SimulationText {

    private SimulationText() {}

    static String render(SimulationReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Simulation %s to %s (policies from %s, %d days of warm-up not measured): %,d store-SKU pairs, "
                        + "%,d pair-days of demand (%,d imputed: the day ended out of stock or the store sent no sales) in %.1f s%n",
                r.from(),
                r.to(),
                r.from().minusDays(r.warmUpDays()),
                r.warmUpDays(),
                r.pairs(),
                r.demandDays(),
                r.imputedDays(),
                r.millis() / 1000.0));
        if (!r.excluded().isEmpty()) {
            out.append("Left out: ");
            String sep = "";
            for (Map.Entry<String, Integer> e : r.excluded().entrySet()) {
                out.append(sep).append(String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()));
                sep = ", ";
            }
            out.append('\n');
        }
        if (!r.leadTimeSources().isEmpty()) {
            out.append("Lead times: ");
            String sep = "";
            for (Map.Entry<String, Integer> e : r.leadTimeSources().entrySet()) {
                out.append(sep).append(String.format(Locale.ROOT, "%,d %s", e.getValue(), leadSource(e.getKey())));
                sep = ", ";
            }
            out.append(String.format(
                    Locale.ROOT,
                    "; %,d pairs with promotion days in the calendar (the forecast policy plans for them)%n",
                    r.promotedPairs()));
        }
        var s = r.settings();
        out.append(String.format(
                Locale.ROOT,
                "Policy: service level A %.1f%%%s B %.1f%%%s C %.1f%%%s, max weeks of supply A %s B %s C %s, demand window %d d, %s%n",
                s.aServiceLevel() * 100,
                measure(s.aServiceMeasure()),
                s.bServiceLevel() * 100,
                measure(s.bServiceMeasure()),
                s.cServiceLevel() * 100,
                measure(s.cServiceMeasure()),
                num(s.aMaxWeeksOfSupply()),
                num(s.bMaxWeeksOfSupply()),
                num(s.cMaxWeeksOfSupply()),
                s.demandWindowDays(),
                s.reviewDays() == null ? "suppliers' order days" : "an order every " + s.reviewDays() + " d"));
        for (String cls : new String[] {"A", "B", "C", "all"}) {
            out.append('\n').append(cls.equals("all") ? "Overall" : "Class " + cls);
            SimulationReport.Outcome first = r.policies().getFirst().byClass().get(cls);
            out.append(String.format(Locale.ROOT, " (%,d pairs)%n", first.pairs()));
            out.append(String.format(
                    Locale.ROOT,
                    "  %-24s %9s %9s %14s %14s %7s %11s %9s %9s %10s%n",
                    "policy",
                    "fill rate",
                    "OOS days",
                    "lost sales",
                    "avg inventory",
                    "turns",
                    "order lines",
                    "neither",
                    "overstock",
                    "pack-bound"));
            for (SimulationReport.PolicyResult p : r.policies()) {
                SimulationReport.Outcome o = p.byClass().get(cls);
                out.append(String.format(
                        Locale.ROOT,
                        "  %-24s %9s %9s %,14.2f %,14.2f %7s %11s %9s %9s %10s%n",
                        p.label(),
                        pct(o.fillRate()),
                        pct(o.stockOutDays()),
                        o.lostSalesValue(),
                        o.averageInventoryValue(),
                        o.turns() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", o.turns()),
                        o.orderLines() == null ? "n/a" : String.format(Locale.ROOT, "%,d", o.orderLines()),
                        pct(o.neitherShare()),
                        pct(o.overstockDays()),
                        pct(o.packBoundDays())));
            }
            for (SimulationReport.PolicyResult p : r.policies()) {
                SimulationReport.Outcome o = p.byClass().get(cls);
                SimulationReport.OverstockCauses c = o.overstockCauses();
                if (c == null) {
                    continue;
                }
                out.append(String.format(
                        Locale.ROOT,
                        "  %-24s overstock by cause: pack %s, inherited %s, display minimum %s, S above the cap %s (lead time alone %s), "
                                + "MOQ %s, rounding %s, demand below estimate %s; neither after its first order arrived %s "
                                + "(%s of the pair-days)%n",
                        p.label(),
                        pct(c.packBound()),
                        pct(c.inherited()),
                        pct(c.minimum()),
                        pct(c.aboveCap()),
                        pct(c.aboveCapLeadTime()),
                        pct(c.moq()),
                        pct(c.rounding()),
                        pct(c.demandBelowEstimate()),
                        pct(o.neitherShareSettled()),
                        pct(o.settledDays())));
            }
        }
        out.append(
                "\nfill rate = units sold / demanded; OOS days = pair-days ending with nothing on hand; neither = pair-days neither out of stock\n"
                        + "nor over max weeks of supply (W x 7 x mean daily demand of the last 28 days, at least a display or rule minimum);\n"
                        + "pack-bound = overstock days on which one case or the MOQ alone exceeds that limit; turns per year; actual order lines\n"
                        + "are inferred from rises in on order. n/a = not available.\n");
        return out.toString();
    }

    private static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Nothing for a cycle service level (the default), " fill rate" for a fill-rate target (issue 14). */
    private static String measure(ServiceMeasure m) {
        return m == ServiceMeasure.FILL_RATE ? " fill rate" : "";
    }

    private static String leadSource(String source) {
        return switch (source) {
            case "receipts" -> "observed over the receipts";
            case "receipts_outliers" -> "observed over the receipts with stray ones left out";
            case "supplier_product" -> "configured per supplier and SKU";
            case "supplier" -> "configured per supplier";
            default -> "the default";
        };
    }
}
