package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.replenish.Chain;
import io.stockroom.replenish.PurchaseOrders;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `stockroom replenish` and `stockroom orders` print what they did and where to look next. */
@CapturesSystemStreams
class ReplenishmentCommandsTest {

    @TempDir
    Path dir;

    @Test
    void replenishThenListAndExportOrders() {
        LocalDate d = LocalDate.of(2026, 3, 5);
        try (Chain chain = new Chain(dir)) {
            chain.store("S1")
                    .supplier("SUP1", 3, "MON", 500.0)
                    .product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 12, null, 2.5, null)
                    .history("S1", "P1", d, Chain.alternating(8, 12, 28), 5, 20);
            ReplenishmentService service =
                    new ReplenishmentService(chainWarehouse(chain), ReplenishmentProperties.defaults());
            PurchaseOrders orders = new PurchaseOrders(chainWarehouse(chain));

            String out = capture(
                    () -> assertThat(new CommandLine(new ReplenishCommand(service)).execute("--date", "2026-03-05"))
                            .isZero());
            assertThat(out)
                    .contains(
                            "Replenishment 2026-03-05: 1 store-SKU pairs evaluated, 1 lines, 1 purchase orders, 0 exceptions in ")
                    .contains("stockroom orders --date 2026-03-05");

            orders.approve("PO-20260305-SUP1-S1", "carol", null);
            out = capture(() -> assertThat(
                            new CommandLine(new OrdersCommand(orders)).execute("--date", "2026-03-05", "--export"))
                    .isZero());
            assertThat(out)
                    .contains("PO-20260305-SUP1-S1", "approved", "BELOW_MIN_ORDER_VALUE")
                    .contains("Exported 1 new approved purchase order(s) to "
                            + dir.resolve("exports/supplier_orders/2026-03-05")
                            + " (2 file(s)); 0 already exported");
            assertThat(dir.resolve("exports/supplier_orders/2026-03-05/SUP1.json"))
                    .exists();
            out = capture(() -> assertThat(
                            new CommandLine(new OrdersCommand(orders)).execute("--date", "2026-03-05", "--export"))
                    .isZero());
            assertThat(out)
                    .contains("Exported 0 new approved purchase order(s) to ")
                    .contains("(0 file(s)); 1 already exported, not sent again (--resend PO to send one again)");
            out = capture(() -> assertThat(new CommandLine(new OrdersCommand(orders))
                            .execute("--date", "2026-03-05", "--export", "--resend", "PO-20260305-SUP1-S1"))
                    .isZero());
            assertThat(out).contains("Exported 0 new approved purchase order(s) and re-sent 1 to ");
            assertThat(dir.resolve("exports/supplier_orders/2026-03-05/SUP1.2.json"))
                    .content()
                    .contains("\"resend\" : true");
        }
    }

    private static io.stockroom.warehouse.Warehouse chainWarehouse(Chain chain) {
        return chain.warehouse();
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
