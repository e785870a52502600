package io.stockroom.cli;

import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Rebuild one business date from the raw lake alone (fact feeds re-read, models refreshed).")
class ReplayCommand implements Callable<Integer> {

    private final PipelineService pipeline;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true)
    LocalDate date;

    ReplayCommand(PipelineService pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Integer call() {
        RunResult r = pipeline.replay(date);
        RunPrinter.print(spec.commandLine().getOut(), r, true);
        return r.complete() ? 0 : 1;
    }
}
