package io.stockroom.api;

import io.stockroom.api.MetricsController.Completed;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.DashboardFilter;
import io.stockroom.metrics.InventoryMetrics;
import io.stockroom.metrics.InventoryService;
import io.stockroom.metrics.InventoryViews.AlertPage;
import io.stockroom.metrics.InventoryViews.CoverHeatmap;
import io.stockroom.metrics.InventoryViews.PositionPage;
import io.stockroom.metrics.MartsWaitingForTrino;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inventory alerts, the days-of-cover heatmap and the SKU drill-down; the date defaults to the latest snapshot. Each
 * answer carries the {@code completeness} of the inventory feed from its date on, in its store or area: a store whose
 * snapshot did not arrive has no alerts because nothing was counted, not because its stock is fine.
 */
@RestController
@RequestMapping("/api/v1/inventory")
class InventoryController {

    private static final List<String> INVENTORY = List.of("inventory");

    private final InventoryService inventory;
    private final InventoryMetrics metrics;
    private final ExpectedArrivals arrivals;
    private final MartsWaitingForTrino onTrino;

    /** The marts the alerts, heatmap and positions read: on a Trino deployment a day one waits for Trino on is marked. */
    private static final List<String> INVENTORY_MARTS =
            List.of("mart_inventory_position_base", "mart_inventory_position", "mart_inventory_alerts");

    /** The marts the inventory metrics read: the line-level sales and the positions. */
    private static final List<String> METRICS_MARTS =
            List.of("mart_sales_daily", "mart_inventory_position_base", "mart_inventory_position");

    InventoryController(
            InventoryService inventory,
            InventoryMetrics metrics,
            ExpectedArrivals arrivals,
            MartsWaitingForTrino onTrino) {
        this.inventory = inventory;
        this.metrics = metrics;
        this.arrivals = arrivals;
        this.onTrino = onTrino;
    }

    /**
     * The inventory feed's gaps from the date shown on, and the days from it on that the inventory marts wait for
     * Trino's next refresh on (a later snapshot loaded while Trino was down is not shown yet: the day shown is not the
     * latest).
     */
    private ExpectedArrivals.Marks marksFrom(LocalDate date, String store, String area) {
        return onTrino.marked(
                arrivals.marksFrom(date, INVENTORY, store, area), date, LocalDate.of(9999, 12, 31), INVENTORY_MARTS);
    }

    /** Sell-through, weeks of supply, turnover, GMROI, stock-to-sales, in-stock % and shrink over the dashboard filters. */
    @GetMapping("/metrics")
    Completed<InventoryMetrics.Report> metrics(
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product) {
        InventoryMetrics.Report report = metrics.report(new DashboardFilter(
                range, from, to, store, area, department, category, DashboardParameters.sku(sku, product), null, null));
        // the days its sales and positions wait for Trino on (a Trino deployment); nothing else is marked here yet
        return new Completed<>(
                report, onTrino.marks(report.range().from(), report.range().to(), METRICS_MARTS));
    }

    @GetMapping("/alerts")
    Completed<AlertPage> alerts(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String cause,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        AlertPage page = inventory.alerts(date, store, area, severity, type, category, cause, limit, offset);
        return new Completed<>(page, marksFrom(page.date(), store, area));
    }

    record AlertActionRequest(
            String storeId,
            String sku,
            String alertType,
            String action,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
            String note) {}

    /** Acknowledge, snooze or reopen one alert until a date. */
    @PostMapping("/alerts/actions")
    InventoryService.AlertDecision act(@RequestBody AlertActionRequest r) {
        return inventory.act(r.storeId(), r.sku(), r.alertType(), r.action(), r.until(), r.note());
    }

    @GetMapping("/cover-heatmap")
    Completed<CoverHeatmap> coverHeatmap(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String area) {
        CoverHeatmap heatmap = inventory.coverHeatmap(date, area);
        return new Completed<>(heatmap, marksFrom(heatmap.date(), null, area));
    }

    @GetMapping("/positions")
    Completed<PositionPage> positions(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        PositionPage page = inventory.positions(date, store, category, sku, limit, offset);
        return new Completed<>(page, marksFrom(page.date(), store, null));
    }
}
