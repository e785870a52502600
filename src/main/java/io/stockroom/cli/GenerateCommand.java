package io.stockroom.cli;

import io.stockroom.DataDirSettings;
import io.stockroom.StockroomProperties;
import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import io.stockroom.demo.DemoChainSettings;
import io.stockroom.demo.GeneratedChain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Write a synthetic retail chain (POS and ERP files, one folder per day) into the drop folder.")
class GenerateCommand implements Runnable {

    private static final List<String> MASTER =
            List.of("stores", "products", "suppliers", "supplier_products", "replenishment_rules");

    private final ChainGenerator generator;
    private final StockroomProperties properties;

    @Spec
    CommandSpec spec;

    @Mixin
    ChainOptions chain = new ChainOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Drop folder to write into (default {data-dir}/drop).")
    Path out;

    GenerateCommand(ChainGenerator generator, StockroomProperties properties) {
        this.generator = generator;
        this.properties = properties;
    }

    @Override
    public void run() {
        ChainSpec chainSpec = chain.spec();
        Path dropDir = out != null ? out : properties.resolvedDropDir();
        long started = System.nanoTime();
        GeneratedChain result = generator.generate(chainSpec, dropDir);
        if (out == null) { // the chain's prices are in pounds: the data directory that will load them says so
            DemoChainSettings.writeIfAbsent(properties.resolvedDataDir().resolve(DataDirSettings.FILE_NAME));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(spec.commandLine().getOut(), chainSpec, result, seconds);
    }

    private static void print(PrintWriter w, ChainSpec chain, GeneratedChain result, double seconds) {
        w.printf(
                Locale.ROOT, "Wrote a demo chain to %s in %.1f s (seed %d)%n", result.dropDir(), seconds, chain.seed());
        w.printf(
                Locale.ROOT,
                "  %d stores in %d areas, %,d SKUs, %d suppliers, %d days: %s to %s%n",
                chain.stores(),
                chain.areas(),
                chain.skus(),
                chain.suppliers(),
                chain.days(),
                result.firstDate(),
                result.lastDate());
        w.printf(Locale.ROOT, "  %,d files, %,d rows%n", result.files().size(), result.totalRows());
        List<String> master = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        for (Map.Entry<String, Long> e : result.rowsByDataset().entrySet()) {
            (MASTER.contains(e.getKey()) ? master : facts)
                    .add(String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()));
        }
        w.println("    master: " + String.join(", ", master));
        w.println("    facts:  " + String.join(", ", facts));
        w.println("  Planted problems (they should show up in quarantine, feed issues and one failed feed):");
        for (String p : result.plantedProblems()) {
            w.println("    - " + p);
        }
        w.println("  Next: load the days with the pipeline, e.g. 'stockroom backfill --from " + result.firstDate()
                + " --to " + result.lastDate() + "', or run 'stockroom demo'.");
        w.flush();
    }
}
