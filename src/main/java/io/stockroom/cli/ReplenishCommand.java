package io.stockroom.cli;

import io.stockroom.replenish.ReplenishmentRun;
import io.stockroom.replenish.ReplenishmentService;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
        name = "replenish",
        mixinStandardHelpOptions = true,
        description =
                "Compute explained reorder recommendations, supplier purchase orders and the exception report for a business date.")
class ReplenishCommand implements Runnable {

    private final ReplenishmentService service;

    @Option(names = "--date", required = true, description = "Business date (YYYY-MM-DD).")
    LocalDate date;

    @Option(names = "--store", description = "Only this store (default: every store).")
    String store;

    ReplenishCommand(ReplenishmentService service) {
        this.service = service;
    }

    @Override
    public void run() {
        ReplenishmentRun r = service.run(date, Optional.ofNullable(store));
        System.out.printf(
                Locale.ROOT,
                "Replenishment %s%s: %,d store-SKU pairs evaluated, %,d lines, %,d purchase orders, %,d exceptions in %.1f s%n",
                r.date(),
                store == null ? "" : " (store " + store + ")",
                r.pairsEvaluated(),
                r.lines(),
                r.purchaseOrders(),
                r.exceptions(),
                r.millis() / 1000.0);
        if (r.choiceFailed() != null) {
            System.out.println("Warning: the weekly forecast choice after the lines failed: " + r.choiceFailed()
                    + ". The lines above stand (made with the stored choices); the pairs due for their choice stay due"
                    + " and the next run chooses them.");
        }
        System.out.println("Review them: stockroom orders --date " + r.date()
                + "  (or GET /api/v1/replenishment/recommendations?date=" + r.date() + ")");
    }
}
