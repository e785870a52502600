package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.arrivals.ExpectedArrivals;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The expected-feeds calendar: what is due on a date and why, what did not arrive, and the rules that edit it. */
@RestController
@RequestMapping("/api/v1/expected")
class ExpectedController {

    private final ExpectedArrivals arrivals;

    ExpectedController(ExpectedArrivals arrivals) {
        this.arrivals = arrivals;
    }

    record Calendar(
            LocalDate date,
            List<ExpectedArrivals.Expectation> expected,
            List<ExpectedArrivals.Gap> notArrived,
            List<ExpectedArrivals.Rule> rules) {}

    @GetMapping
    Calendar calendar(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return new Calendar(date, arrivals.calendar(date), arrivals.gaps(date, date, null, null), arrivals.rules());
    }

    /** Expected feeds that did not (fully) arrive between two dates, as the last check of each date found them. */
    @GetMapping("/gaps")
    List<ExpectedArrivals.Gap> gaps(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (to.isBefore(from)) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "'from' " + from + " is after 'to' " + to + ".");
        }
        return arrivals.gaps(from, to, null, null);
    }

    @GetMapping("/rules")
    List<ExpectedArrivals.Rule> rules() {
        return arrivals.rules();
    }

    /** Adds or replaces the rule for (dataset, store_id, applies_to). */
    @PutMapping("/rules")
    ExpectedArrivals.Rule set(@RequestBody ExpectedArrivals.Rule rule) {
        if (rule == null || rule.dataset() == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Body {\"dataset\": ..., \"store_id\": ..., \"applies_to\": ..., \"expected\": true|false} is required.");
        }
        return arrivals.setRule(rule);
    }

    @DeleteMapping("/rules")
    void remove(
            @RequestParam String dataset,
            @RequestParam(name = "store_id", required = false) String storeId,
            @RequestParam(name = "applies_to", required = false) String appliesTo) {
        if (!arrivals.removeRule(dataset, storeId, appliesTo)) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No rule for " + dataset + ", store " + (storeId == null ? "*" : storeId) + ", "
                            + (appliesTo == null ? "daily" : appliesTo) + ". GET /api/v1/expected/rules lists them.");
        }
    }
}
