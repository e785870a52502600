package io.stockroom.api;

import io.stockroom.metrics.Filters;
import io.stockroom.metrics.MetricsService;
import io.stockroom.metrics.StoreView;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stores, and every value the dashboard filters offer. */
@RestController
@RequestMapping("/api/v1")
class StoresController {

    private final MetricsService metrics;

    StoresController(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/stores")
    List<StoreView> stores() {
        return metrics.stores();
    }

    @GetMapping("/filters")
    Filters filters() {
        return metrics.filters();
    }
}
