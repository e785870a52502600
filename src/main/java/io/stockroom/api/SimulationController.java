package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.replenish.SimulationReport;
import io.stockroom.replenish.SimulationService;
import io.stockroom.replenish.SimulationSettings;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The policy simulator (issue 14): replay the history with the 28-day average policy and the forecast policy beside the
 * actual history, with a buyer's what-if (service levels, max weeks of supply, review days) before it is configured.
 */
@RestController
@RequestMapping("/api/v1/replenishment/simulations")
class SimulationController {

    private final SimulationService simulations;

    SimulationController(SimulationService simulations) {
        this.simulations = simulations;
    }

    /** A simulation to run: dates, optionally one store, the warm-up and the what-if values (null = as configured). */
    record SimulationRequest(
            String from, String to, String store, Integer warmUpDays, SimulationSettings.WhatIf whatIf) {}

    /** What a what-if starts from: the configured policy and the range of the history that can be replayed. */
    record SimulationDefaults(
            SimulationSettings configured,
            LocalDate earliestSnapshot,
            LocalDate latestSnapshot,
            LocalDate suggestedFrom,
            LocalDate suggestedTo,
            int warmUpDays) {}

    @GetMapping("/defaults")
    SimulationDefaults defaults() {
        return simulations
                .suggestion()
                .map(s -> new SimulationDefaults(
                        simulations.configured(),
                        s.earliestSnapshot(),
                        s.latestSnapshot(),
                        s.from(),
                        s.to(),
                        s.warmUpDays()))
                .orElseGet(() -> new SimulationDefaults(
                        simulations.configured(), null, null, null, null, SimulationService.DEFAULT_WARM_UP_DAYS));
    }

    @PostMapping
    SimulationReport run(@RequestBody SimulationRequest body) {
        if (body == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Send a JSON body with from and to (YYYY-MM-DD), e.g. "
                            + "{\"from\":\"2026-03-01\",\"to\":\"2026-03-28\",\"whatIf\":{\"aServiceLevel\":0.99}}.");
        }
        return simulations.simulate(
                date("from", body.from()),
                date("to", body.to()),
                body.whatIf() == null ? SimulationSettings.WhatIf.none() : body.whatIf(),
                Optional.ofNullable(body.store()).map(String::strip).filter(s -> !s.isEmpty()),
                body.warmUpDays() == null ? SimulationService.DEFAULT_WARM_UP_DAYS : body.warmUpDays());
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "'" + name + "' is required (YYYY-MM-DD).");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "'" + name + "' must be a date YYYY-MM-DD, got '" + value + "'.");
        }
    }
}
