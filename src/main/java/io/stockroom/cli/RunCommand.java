package io.stockroom.cli;

import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.Trigger;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run the daily pipeline for one business date: drop folder → ingest → quality gate → load → models → replenishment.")
class RunCommand implements Callable<Integer> {

    private final PipelineService pipeline;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", description = "Business date (default: yesterday).")
    LocalDate date;

    RunCommand(PipelineService pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Integer call() {
        RunResult r = pipeline.run(date == null ? LocalDate.now().minusDays(1) : date, Trigger.CLI);
        RunPrinter.print(spec.commandLine().getOut(), r, true);
        return r.ok() ? 0 : 1;
    }
}
