package io.stockroom.api;

import io.stockroom.metrics.QualityService;
import io.stockroom.metrics.QualityViews.QualityReport;
import io.stockroom.metrics.QualityViews.QuarantinePage;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Data quality and freshness, and the quarantine browser (JSON and CSV download). */
@RestController
@RequestMapping("/api/v1")
class QualityController {

    private final QualityService quality;

    QualityController(QualityService quality) {
        this.quality = quality;
    }

    @GetMapping("/quality")
    QualityReport quality() {
        return quality.quality();
    }

    @GetMapping("/quarantine")
    QuarantinePage quarantine(
            @RequestParam(name = "feed_id", required = false) String feedId,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Integer offset) {
        return quality.quarantine(feedId, reason, limit, offset);
    }

    @GetMapping("/quarantine.csv")
    void quarantineCsv(
            @RequestParam(name = "feed_id", required = false) String feedId,
            @RequestParam(required = false) String reason,
            HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"quarantine.csv\"");
        quality.writeQuarantineCsv(feedId, reason, response.getWriter());
    }
}
