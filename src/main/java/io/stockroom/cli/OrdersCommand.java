package io.stockroom.cli;

import io.stockroom.replenish.PurchaseOrders;
import io.stockroom.replenish.Views.ExportResult;
import io.stockroom.replenish.Views.PurchaseOrderSummary;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
        name = "orders",
        mixinStandardHelpOptions = true,
        description =
                "List the supplier purchase orders of a business date; --export writes the approved ones to exports/supplier_orders/<date>/.")
class OrdersCommand implements Runnable {

    private final PurchaseOrders orders;

    @Option(names = "--date", required = true, description = "Business date (YYYY-MM-DD).")
    LocalDate date;

    @Option(
            names = "--export",
            description =
                    "Write <supplier>.json and .csv (<supplier>.2.json ... for a supplier's later orders) with the"
                            + " approved orders not exported yet; an order already exported is not written again.")
    boolean export;

    @Option(
            names = "--resend",
            paramLabel = "PO",
            description = "With --export: write this approved order again although it was exported (repeatable); its"
                    + " file says it is a re-send (revision 2, 3 ...) and the audit log records it.")
    List<String> resend = List.of();

    @Option(
            names = "--drafts",
            description = "With --export: also write orders still proposed as <supplier>.draft.json/.csv.")
    boolean drafts;

    OrdersCommand(PurchaseOrders orders) {
        this.orders = orders;
    }

    @Override
    public void run() {
        List<PurchaseOrderSummary> list = orders.list(date, null, null, null);
        if (list.isEmpty()) {
            System.out.println("No purchase orders for " + date + ". Run: stockroom replenish --date " + date);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%-32s %-10s %-8s %-9s %6s %8s %7s %12s  %s%n",
                "PO",
                "SUPPLIER",
                "STORE",
                "STATUS",
                "LINES",
                "UNITS",
                "CASES",
                "COST",
                "FLAGS");
        for (PurchaseOrderSummary o : list) {
            System.out.printf(
                    Locale.ROOT,
                    "%-32s %-10s %-8s %-9s %,6d %,8d %,7d %,12.2f  %s%n",
                    o.poId(),
                    o.supplierId(),
                    o.storeId() == null ? "(all)" : o.storeId(),
                    o.status(),
                    o.lines(),
                    o.units(),
                    o.cases(),
                    o.cost(),
                    String.join(",", o.flags()));
        }
        if (export) {
            ExportResult r = orders.export(date, drafts, java.util.Set.copyOf(resend));
            System.out.printf(
                    Locale.ROOT,
                    "Exported %d new approved purchase order(s)%s to %s (%d file(s)); %d already exported, not sent again"
                            + "%s; %d still proposed%s.%n",
                    r.purchaseOrders(),
                    r.resent() > 0 ? " and re-sent " + r.resent() : "",
                    r.directory(),
                    r.files().size(),
                    r.alreadyExported(),
                    r.alreadyExported() > 0 ? " (--resend PO to send one again)" : "",
                    r.skippedUnapproved(),
                    drafts ? " (written as drafts)" : " (not exported: approve them first, or use --drafts)");
        }
    }
}
