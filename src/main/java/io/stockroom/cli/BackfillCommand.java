package io.stockroom.cli;

import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = "Run the pipeline for each date from --from to --to, in order.")
class BackfillCommand implements Callable<Integer> {

    private final PipelineService pipeline;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true)
    LocalDate from;

    @Option(names = "--to", required = true)
    LocalDate to;

    @Option(
            names = "--catch-up",
            description =
                    "Load every day but refresh the marts and replenishment once, at the end (fast for months of history).")
    boolean catchUp;

    BackfillCommand(PipelineService pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Integer call() {
        List<RunResult> results = pipeline.backfill(
                from,
                to,
                io.stockroom.pipeline.Trigger.BACKFILL,
                catchUp,
                r -> RunPrinter.print(spec.commandLine().getOut(), r, false));
        return results.stream().allMatch(RunResult::ok) ? 0 : 1;
    }
}
