package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.StoreFilterCheck;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy simulator (issue 14): replay the history with the 28-day average policy and the forecast policy beside the
 * actual history, with a buyer's what-if (service levels, max weeks of supply, review days) before it is configured.
 */
@RestController
@RequestMapping("/api/v1/replenishment/simulations")
class SimulationController {

    private final SimulationService simulations;
    private final JsonMapper json;
    private final StoreFilterCheck storeFilters;

    SimulationController(SimulationService simulations, JsonMapper json, StoreFilterCheck storeFilters) {
        this.simulations = simulations;
        this.json = json;
        this.storeFilters = storeFilters;
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

    /**
     * Unknown keys are refused, not ignored (the API's JSON ignores them elsewhere): a what-if key spelt as in the
     * --policy file (a-service-level) or in camelCase would otherwise replay the configured policy under the what-if's
     * name.
     */
    @PostMapping
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            implementation = SimulationRequest.class)))
    SimulationReport run(@RequestBody(required = false) JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Send a JSON body with from and to (YYYY-MM-DD), e.g. "
                            + "{\"from\":\"2026-03-01\",\"to\":\"2026-03-28\",\"what_if\":{\"a_service_level\":0.99}}.");
        }
        StrictBody.refuseUnknownFields(body, SimulationRequest.class, "the simulation request", "");
        JsonNode whatIf = body.get("what_if");
        if (whatIf != null && whatIf.isObject()) {
            StrictBody.refuseUnknownFields(
                    whatIf, SimulationSettings.WhatIf.class, "the simulation request", "what_if.");
        }
        SimulationRequest request;
        try {
            // whole days stay whole: review_days 3.5 is refused, not replayed as 3
            request = json.readerFor(SimulationRequest.class)
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .readValue(body);
        } catch (JacksonException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Field '" + field + "' has a value of the wrong type: service levels are shares (0.98), weeks "
                            + "of supply numbers, days whole numbers (7), measures 'cycle' or 'fill-rate'.");
        }
        Optional<String> store =
                Optional.ofNullable(request.store()).map(String::strip).filter(s -> !s.isEmpty());
        // a store outside the caller's stores is a 403 as for a read's filter, not "no inventory snapshot"
        store.ifPresent(s -> storeFilters.check(s, null));
        return simulations.simulate(
                date("from", request.from()),
                date("to", request.to()),
                request.whatIf() == null ? SimulationSettings.WhatIf.none() : request.whatIf(),
                store,
                request.warmUpDays() == null ? SimulationService.DEFAULT_WARM_UP_DAYS : request.warmUpDays());
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
