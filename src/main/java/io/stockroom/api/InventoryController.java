package io.stockroom.api;

import io.stockroom.metrics.DashboardFilter;
import io.stockroom.metrics.InventoryMetrics;
import io.stockroom.metrics.InventoryService;
import io.stockroom.metrics.InventoryViews.AlertPage;
import io.stockroom.metrics.InventoryViews.CoverHeatmap;
import io.stockroom.metrics.InventoryViews.PositionPage;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Inventory alerts, the days-of-cover heatmap and the SKU drill-down; the date defaults to the latest snapshot. */
@RestController
@RequestMapping("/api/v1/inventory")
class InventoryController {

    private final InventoryService inventory;
    private final InventoryMetrics metrics;

    InventoryController(InventoryService inventory, InventoryMetrics metrics) {
        this.inventory = inventory;
        this.metrics = metrics;
    }

    /** Sell-through, weeks of supply, turnover, GMROI, stock-to-sales, in-stock % and shrink over the dashboard filters. */
    @GetMapping("/metrics")
    InventoryMetrics.Report metrics(
            @RequestParam(required = false) String range,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String department,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) String product) {
        return metrics.report(new DashboardFilter(
                range, from, to, store, area, department, category, DashboardParameters.sku(sku, product), null, null));
    }

    @GetMapping("/alerts")
    AlertPage alerts(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String area,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String cause,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        return inventory.alerts(date, store, area, severity, type, category, cause, limit, offset);
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
    CoverHeatmap coverHeatmap(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String area) {
        return inventory.coverHeatmap(date, area);
    }

    @GetMapping("/positions")
    PositionPage positions(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        return inventory.positions(date, store, category, limit, offset);
    }
}
