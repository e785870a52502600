package io.stockroom.cli;

import io.stockroom.StockroomProperties;
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
    private final StockroomProperties properties;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", description = "Business date (default: yesterday, on the retailer's clock).")
    LocalDate date;

    RunCommand(PipelineService pipeline, StockroomProperties properties) {
        this.pipeline = pipeline;
        this.properties = properties;
    }

    @Override
    public Integer call() {
        // yesterday where the stores are (stockroom.timezone), not where the server's clock is: a New York chain run
        // from a UTC cron at 01:00 UTC (20:00 the evening before in New York) would otherwise run the day still open
        RunResult r =
                pipeline.run(date == null ? LocalDate.now(properties.zone()).minusDays(1) : date, Trigger.CLI);
        RunPrinter.print(spec.commandLine().getOut(), r, true);
        // the lake cannot be written: the machine needs fixing, not a file (README, exit codes)
        return r.environmentProblem() ? 2 : r.ok() ? 0 : 1;
    }
}
