package io.stockroom.cli;

import io.stockroom.pipeline.RunStore;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists recent runs with their status and stages, read-only: from the warehouse file, or through the API of the server
 * that owns it ({@code GET /api/v1/runs}), as {@code stockroom feeds} lists feeds.
 */
@Component
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "List recent pipeline runs (newest first) with their status and stages; read-only.")
class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final RunSource runs;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Only the runs of this business date.")
    LocalDate date;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs, newest first (1-500).")
    int limit;

    @org.springframework.beans.factory.annotation.Autowired
    RunsCommand(RunStore runs) {
        this(RunSource.of(runs));
    }

    RunsCommand(RunSource runs) {
        this.runs = runs;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > 500) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--limit must be 1 to 500 (got " + limit + ")");
        }
        LocalDate day = date;
        List<RunStore.Run> listed = runs.list(day, limit); // before the header: it may fail
        PrintWriter out = spec.commandLine().getOut();
        if (listed.isEmpty()) {
            out.println(
                    day == null
                            ? "No runs yet: stockroom run --date D runs one (or the schedule, stockroom.schedule.cron)."
                            : "No run of " + day + ": stockroom run --date " + day + " runs it.");
            out.flush();
            return 0;
        }
        out.printf("%-34s %-11s %-9s %-11s %-19s %s%n", "RUN", "DATE", "TRIGGER", "STATUS", "STARTED (UTC)", "STAGES");
        for (RunStore.Run r : listed) {
            out.printf(
                    "%-34s %-11s %-9s %-11s %-19s %s%n",
                    r.runId(),
                    r.businessDate(),
                    r.trigger(),
                    r.status(),
                    r.startedAt() == null ? "" : STARTED.format(r.startedAt().atZone(ZoneId.of("UTC"))),
                    stages(r.stages()));
            if (r.error() != null && !r.status().equals("succeeded")) {
                out.println("    " + r.error());
            }
        }
        out.flush();
        return 0;
    }

    /** "ingest ✓ quality_gate ! models ✓": each stage with its outcome, in order. */
    static String stages(List<RunStore.Stage> stages) {
        if (stages.isEmpty()) {
            return "-";
        }
        Map<String, String> marks = new TreeMap<>(
                Map.of("succeeded", "✓", "warning", "!", "incomplete", "!", "failed", "✗", "skipped", "-"));
        StringBuilder s = new StringBuilder();
        for (RunStore.Stage stage : stages) {
            s.append(s.isEmpty() ? "" : " ")
                    .append(stage.name())
                    .append(' ')
                    .append(marks.getOrDefault(stage.status(), stage.status()));
        }
        return s.toString();
    }
}
