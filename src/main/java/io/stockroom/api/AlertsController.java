package io.stockroom.api;

import io.stockroom.alerting.SlaWatch;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** SLA alerts sent (or attempted), newest first: the list on the Quality page. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertsController {

    private final SlaWatch watch;

    AlertsController(SlaWatch watch) {
        this.watch = watch;
    }

    @GetMapping
    List<SlaWatch.Alert> list(@RequestParam(defaultValue = "50") int limit) {
        Limits.check("limit", limit, 1, 500);
        return watch.recent(limit);
    }
}
