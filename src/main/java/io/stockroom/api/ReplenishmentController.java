package io.stockroom.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.StoreFilterCheck;
import io.stockroom.replenish.Recommendations;
import io.stockroom.replenish.ReplenishmentExceptions;
import io.stockroom.replenish.Views.BulkDecision;
import io.stockroom.replenish.Views.ExceptionPage;
import io.stockroom.replenish.Views.LineQuery;
import io.stockroom.replenish.Views.RecommendationDetail;
import io.stockroom.replenish.Views.RecommendationPage;
import io.stockroom.security.AccessProperties;
import io.stockroom.security.CurrentActor;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reorder recommendations with their explanation, the buyer's line workflow, and the exception report (issue 4). */
@RestController
@RequestMapping("/api/v1/replenishment")
class ReplenishmentController {

    private final Recommendations recommendations;
    private final ReplenishmentExceptions exceptions;
    private final AccessProperties access;
    private final StoreFilterCheck storeFilters;

    ReplenishmentController(
            Recommendations recommendations,
            ReplenishmentExceptions exceptions,
            AccessProperties access,
            StoreFilterCheck storeFilters) {
        this.recommendations = recommendations;
        this.exceptions = exceptions;
        this.access = access;
        this.storeFilters = storeFilters;
    }

    /** The acting buyer is the signed-in principal, never a field of the request. */
    record OverrideRequest(Long quantity, String reason) {}

    record DecisionRequest(String reason) {}

    @GetMapping("/recommendations")
    RecommendationPage list(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String supplier,
            @RequestParam(name = "class", required = false) String abcClass,
            @RequestParam(required = false) String exception,
            @RequestParam(required = false) String queue,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return recommendations.list(new LineQuery(
                date(date),
                blank(store),
                blank(supplier),
                blank(abcClass),
                blank(exception),
                blank(queue),
                limit(limit),
                offset(offset)));
    }

    /**
     * Approve or reject every line still to review that matches the filter (store, supplier, class, exception); the
     * acting buyer is the signed-in principal.
     */
    record BulkRequest(
            String action,
            String date,
            String store,
            String supplier,
            @JsonProperty("class") String abcClass,
            String exception,
            String reason) {}

    @Answers(
            value = ErrorCode.CONFLICT,
            when = "Another request changed an order of these lines at the same moment; nothing was decided")
    @PostMapping("/recommendations/decide")
    BulkDecision decideAll(@RequestBody BulkRequest body) {
        // the store names a filter as a read's does (api/StoreFilters checks those): one outside the caller's stores
        // is a 403, not "0 lines decided"
        if (blank(body.store()) != null) {
            storeFilters.check(blank(body.store()), null);
        }
        return recommendations.decideAll(
                new LineQuery(
                        date(body.date()),
                        blank(body.store()),
                        blank(body.supplier()),
                        blank(body.abcClass()),
                        blank(body.exception()),
                        "review",
                        1,
                        0),
                blank(body.action()),
                CurrentActor.get().name(),
                body.reason());
    }

    @GetMapping("/recommendations/{id}")
    RecommendationDetail one(@PathVariable long id) {
        return recommendations.get(id);
    }

    @Answers(
            value = ErrorCode.CONFLICT,
            when = "The line is decided already, or its purchase order is no longer proposed")
    @PostMapping("/recommendations/{id}/override")
    RecommendationDetail override(@PathVariable long id, @RequestBody OverrideRequest body) {
        return recommendations.override(
                id, body.quantity(), body.reason(), CurrentActor.get().name(), access.maxOverrideMultiple());
    }

    @Answers(
            value = ErrorCode.CONFLICT,
            when = "The line is decided already, or its purchase order is no longer proposed")
    @PostMapping("/recommendations/{id}/approve")
    RecommendationDetail approve(@PathVariable long id, @RequestBody(required = false) DecisionRequest body) {
        return recommendations.approve(id, CurrentActor.get().name(), body == null ? null : body.reason());
    }

    @Answers(
            value = ErrorCode.CONFLICT,
            when = "The line is decided already, or its purchase order is no longer proposed")
    @PostMapping("/recommendations/{id}/reject")
    RecommendationDetail reject(@PathVariable long id, @RequestBody(required = false) DecisionRequest body) {
        return recommendations.reject(id, CurrentActor.get().name(), body == null ? null : body.reason());
    }

    @GetMapping("/exceptions")
    ExceptionPage exceptions(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String store,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return exceptions.list(date(date), blank(code), blank(store), limit(limit), offset(offset));
    }

    @GetMapping(value = "/exceptions.csv", produces = "text/csv")
    ResponseEntity<String> exceptionsCsv(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String store) {
        LocalDate d = date(date);
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"replenishment_exceptions_" + d + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(exceptions.csv(d, blank(code), blank(store)));
    }

    /** The date asked for, or the latest date with a run. */
    private LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            LocalDate latest = recommendations.latestDate();
            if (latest == null) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "No replenishment run yet; run `stockroom replenish --date YYYY-MM-DD` "
                                + "(or the daily pipeline) first.");
            }
            return latest;
        }
        return parseDate("date", value);
    }

    static LocalDate parseDate(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + name + "' must be an ISO date (YYYY-MM-DD), got '" + value + "'.");
        }
    }

    static int limit(int limit) {
        if (limit < 1 || limit > 500) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'limit' must be between 1 and 500, got " + limit + ".");
        }
        return limit;
    }

    static int offset(int offset) {
        if (offset < 0) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'offset' must be 0 or more, got " + offset + ".");
        }
        return offset;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
