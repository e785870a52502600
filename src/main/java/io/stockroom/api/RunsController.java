package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunStore;
import io.stockroom.pipeline.Trigger;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Pipeline runs: history, one run's stages, and triggering a run or a replay. */
@RestController
@RequestMapping("/api/v1/runs")
class RunsController {

    private final RunStore runs;
    private final PipelineService pipeline;
    private final ExpectedArrivals arrivals;

    RunsController(RunStore runs, PipelineService pipeline, ExpectedArrivals arrivals) {
        this.runs = runs;
        this.pipeline = pipeline;
        this.arrivals = arrivals;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * A run as the API shows it: the summary is a JSON object, not a string. {@code completedBy} names the later run
     * that found an incomplete run's date complete (a late file it loaded, or a re-run): the run stays recorded as it
     * ended, and its "send the missing files" is then done.
     */
    record RunView(
            String runId,
            LocalDate businessDate,
            String trigger,
            String status,
            java.time.Instant startedAt,
            java.time.Instant finishedAt,
            String error,
            tools.jackson.databind.JsonNode summary,
            List<RunStore.Stage> stages,
            String completedBy) {
        static RunView of(RunStore.Run r, String completedBy) {
            return new RunView(
                    r.runId(),
                    r.businessDate(),
                    r.trigger(),
                    r.status(),
                    r.startedAt(),
                    r.finishedAt(),
                    r.error(),
                    r.summary() == null ? null : JSON.readTree(r.summary()),
                    r.stages(),
                    completedBy);
        }
    }

    private RunView view(RunStore.Run r) {
        String completedBy = PipelineService.INCOMPLETE.equals(r.status())
                ? arrivals.completedBy(r.businessDate())
                        .filter(id -> !id.equals(r.runId()))
                        .orElse(null)
                : null;
        return RunView.of(r, completedBy);
    }

    @GetMapping
    List<RunView> list(
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false)
                    @org.springframework.format.annotation.DateTimeFormat(
                            iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
                    LocalDate date) {
        Limits.check("limit", limit, 1, 500);
        return runs.list(date, limit).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    RunView one(@PathVariable String id) {
        return view(runs.find(id)
                .or(() -> pipeline.queued(id))
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No run '" + id + "'. GET /api/v1/runs lists them.")));
    }

    record StartRequest(LocalDate date, Boolean replay) {}

    record Started(String runId, String status) {}

    @Answers(value = ErrorCode.CONFLICT, when = "Another run is in progress: wait for it (GET /api/v1/runs)")
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Started start(@RequestBody StartRequest body) {
        if (body == null || body.date() == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'date' is required (YYYY-MM-DD): the business date to run.");
        }
        return new Started(pipeline.start(body.date(), Boolean.TRUE.equals(body.replay()), Trigger.API), "running");
    }
}
