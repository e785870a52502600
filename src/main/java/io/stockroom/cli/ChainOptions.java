package io.stockroom.cli;

import io.stockroom.demo.ChainSpec;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The demo chain's size and seed, shared by `demo` and `generate`. */
class ChainOptions {

    @Option(
            names = "--seed",
            description = "Random seed; the same seed writes identical files (default ${DEFAULT-VALUE}).")
    long seed = ChainSpec.DEFAULT_SEED;

    @Option(names = "--stores", description = "Number of stores (default ${DEFAULT-VALUE}).")
    int stores = 12;

    @Option(
            names = "--areas",
            description =
                    "Number of areas the stores are grouped in (default 3, or fewer when there are fewer stores).")
    Integer areas;

    @Option(names = "--skus", description = "Number of SKUs (default ${DEFAULT-VALUE}).")
    int skus = 1_500;

    @Option(names = "--suppliers", description = "Number of suppliers (default ${DEFAULT-VALUE}).")
    int suppliers = 8;

    @Option(names = "--days", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days = 120;

    @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", description = "Last business date (default yesterday).")
    LocalDate endDate;

    ChainSpec spec() {
        int areaCount = areas != null ? areas : Math.max(1, Math.min(3, stores));
        return new ChainSpec(
                seed,
                stores,
                areaCount,
                skus,
                suppliers,
                days,
                endDate != null ? endDate : LocalDate.now().minusDays(1));
    }
}
