package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.metrics.MartsWaitingForTrino;
import io.stockroom.metrics.MetricsService;
import io.stockroom.planogram.DisplayLift;
import io.stockroom.planogram.PlacementEdit;
import io.stockroom.planogram.PlacementEditor;
import io.stockroom.planogram.PlanogramService;
import io.stockroom.planogram.PlanogramViews;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Planogram: a store's floor and placements, their history, completeness, space productivity, display lift; placement edits. */
@RestController
@RequestMapping("/api/v1/planogram")
class PlanogramController {

    private final PlanogramService planogram;
    private final PlacementEditor editor;
    private final DisplayLift lift;
    private final ExpectedArrivals arrivals;
    private final MartsWaitingForTrino onTrino;
    private final MetricsService metrics;

    PlanogramController(
            PlanogramService planogram,
            PlacementEditor editor,
            DisplayLift lift,
            ExpectedArrivals arrivals,
            MartsWaitingForTrino onTrino,
            MetricsService metrics) {
        this.planogram = planogram;
        this.editor = editor;
        this.lift = lift;
        this.arrivals = arrivals;
        this.onTrino = onTrino;
        this.metrics = metrics;
    }

    /** The mart space productivity reads (on a Trino deployment, one Trino builds). */
    private static final List<String> SPACE_MARTS = List.of("mart_space_daily");

    @GetMapping("/completeness")
    PlanogramViews.CompletenessReport completeness(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return planogram.completeness(date);
    }

    @GetMapping("/stores/{store}")
    PlanogramViews.StoreFloor floor(
            @PathVariable String store,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return planogram.floor(store, date);
    }

    @GetMapping("/placements")
    PlanogramViews.Placements placements(
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String fixture,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return planogram.placements(store, fixture, date);
    }

    @GetMapping("/history")
    PlanogramViews.History history(
            @RequestParam(required = false) String store, @RequestParam(required = false) String fixture) {
        return planogram.history(store, fixture);
    }

    /**
     * Space productivity over a range, with the days of it whose sales feed is missing or failed (in the store asked
     * for, or any store) or whose mart waits for Trino's next refresh: sales per facing over them leave those days'
     * sales out, so the page says so instead of showing the figures as the whole range.
     */
    @GetMapping("/space")
    MetricsController.Completed<PlanogramViews.SpaceReport> space(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        PlanogramViews.SpaceReport report = planogram.space(from, to, store, groupBy);
        String scope = store == null || store.isBlank() ? null : store.strip();
        return new MetricsController.Completed<>(
                report,
                onTrino.marked(
                        arrivals.marks(report.from(), report.to(), List.of("sales"), scope, null, metrics.dataEnd()),
                        report.from(),
                        report.to(),
                        SPACE_MARTS));
    }

    @GetMapping("/skus")
    List<PlanogramService.SkuMatch> skus(@RequestParam(required = false) String q) {
        return planogram.searchSkus(q);
    }

    /** 200 with the version before and after; 422 with every problem (column, code, message) when the contract refuses it. */
    @PostMapping("/placements")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "422",
            description = "The placement breaks checks: a problem detail (code ROW_ERRORS) listing them under problems",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/problem+json",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            ref = "#/components/schemas/ProblemDetail")))
    ResponseEntity<Object> save(@RequestBody PlacementEdit edit) {
        return switch (editor.save(edit)) {
            case PlacementEditor.Saved saved -> ResponseEntity.ok(saved);
            case PlacementEditor.Rejected rejected -> {
                // a problem detail like every other error, with each broken check under "problems"
                ProblemDetail problem = ApiExceptionHandler.problem(
                        ErrorCode.ROW_ERRORS,
                        "The placement breaks " + rejected.problems().size()
                                + " check(s); correct the fields named and save again.");
                problem.setProperty("problems", rejected.problems());
                yield ResponseEntity.status(problem.getStatus()).body(problem);
            }
        };
    }

    record PlacementEnd(String storeId, String fixtureId, String sku, LocalDate lastDay) {}

    @PostMapping("/placements/end")
    PlacementEditor.Saved end(@RequestBody PlacementEnd end) {
        return editor.end(end.storeId(), end.fixtureId(), end.sku(), end.lastDay());
    }

    @GetMapping("/displays")
    DisplayLift.Report displays(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String store) {
        return lift.report(from, to, store);
    }

    @GetMapping("/displays/series")
    DisplayLift.Series series(
            @RequestParam(required = false) String store,
            @RequestParam(required = false) String sku,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate start) {
        return lift.series(store, sku, start);
    }
}
