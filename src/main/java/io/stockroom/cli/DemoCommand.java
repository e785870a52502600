package io.stockroom.cli;

import io.stockroom.demo.ChainSpec;
import io.stockroom.demo.DemoService;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: generate a realistic demo chain, run the full pipeline for every day, then serve the dashboards on http://localhost:8080.")
class DemoCommand implements Callable<Integer>, ServingCommand {

    private final DemoService demo;
    private final Environment environment;
    private final DemoSummary summary;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = ChainSpec.DEFAULT_SEED;

    @Option(names = "--stores", description = "Stores (default ${DEFAULT-VALUE}).")
    int stores = 12;

    @Option(names = "--areas", description = "Areas (default ${DEFAULT-VALUE}).")
    int areas = 3;

    @Option(names = "--skus", description = "SKUs (default ${DEFAULT-VALUE}).")
    int skus = 1_500;

    @Option(names = "--suppliers", description = "Suppliers (default ${DEFAULT-VALUE}).")
    int suppliers = 8;

    @Option(names = "--days", description = "Days of history up to --end-date (default ${DEFAULT-VALUE}).")
    int days = 120;

    @Option(names = "--end-date", description = "Last business date (default yesterday).")
    LocalDate endDate;

    @Option(names = "--no-serve", description = "Stop after the pipeline instead of serving the web app.")
    boolean noServe;

    DemoCommand(DemoService demo, Environment environment, DemoSummary summary) {
        this.demo = demo;
        this.environment = environment;
        this.summary = summary;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ChainSpec chain = new ChainSpec(seed, stores, areas, skus, suppliers, days, endDate != null ? endDate : LocalDate.now().minusDays(1));
        DemoService.DemoResult r = demo.run(chain, line -> {
            out.println(line);
            out.flush();
        });
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        summary.print(out, r, noServe ? null : "http://localhost:" + port + "/");
        return 0;
    }

    @Override
    public boolean keepServing() {
        return !noServe;
    }
}
