package io.stockroom.cli;

import io.stockroom.bench.BenchScale;
import io.stockroom.bench.IngestBenchmark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks at the issues' scales, each beside a DuckDB reference measured in the same run. Uses its own scratch warehouse.")
class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<what>", defaultValue = "ingest", description = "ingest (issue 2: ingest of 2M sales + 10M inventory rows) or daily (issue 3: the same plus every mart)")
    String what;

    @Option(names = "--stores", defaultValue = "500")
    int stores;

    @Option(names = "--skus", defaultValue = "20000")
    int skus;

    @Option(names = "--work-dir", defaultValue = "./stockroom-bench", description = "Scratch folder (deleted and recreated).")
    Path workDir;

    @Override
    public Integer call() {
        BenchScale scale = new BenchScale(stores, skus, 0.2, LocalDate.now().minusDays(1));
        switch (what) {
            case "ingest" -> new IngestBenchmark(workDir.toAbsolutePath(), scale, spec.commandLine().getOut(), false).run();
            case "daily" -> new IngestBenchmark(workDir.toAbsolutePath(), scale, spec.commandLine().getOut(), true).run();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Unknown benchmark '" + what + "'; use: ingest, daily");
        }
        return 0;
    }
}
