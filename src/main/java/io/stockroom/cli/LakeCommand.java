package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelTiming;
import io.stockroom.warehouse.Lake;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "lake",
        mixinStandardHelpOptions = true,
        description =
                "The Trino engine (docs/scale.md): 'publish' replaces dates of a fact table in the Iceberg lake (one commit), "
                        + "'models' runs the sales roll-ups and labour mart on Trino into the warehouse's marts. Needs stockroom.trino.url.")
class LakeCommand implements Callable<Integer> {

    private final ObjectProvider<Lake> lake;
    private final ObjectProvider<LakeModels> models;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "publish or models")
    String action;

    @Option(names = "--table", description = "publish: the fact table (default sales)", defaultValue = "sales")
    String table;

    @Option(names = "--from", description = "publish: first business date")
    LocalDate from;

    @Option(names = "--to", description = "publish: last business date (default --from)")
    LocalDate to;

    @Option(
            names = "--dates",
            split = ",",
            description = "models: refresh what these business dates touch (default: rebuild every date)")
    List<LocalDate> dates;

    LakeCommand(ObjectProvider<Lake> lake, ObjectProvider<LakeModels> models) {
        this.lake = lake;
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lake configured = lake.getIfAvailable();
        if (configured == null) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "No Trino is configured: set STOCKROOM_TRINO_URL=jdbc:trino://HOST:8080 and a "
                            + "PostgreSQL warehouse (STOCKROOM_WAREHOUSE_URL); see docs/scale.md.");
        }
        switch (action) {
            case "publish" -> {
                if (from == null) {
                    throw new StockroomException(
                            ErrorCode.BAD_PARAMETER,
                            "lake publish needs --from YYYY-MM-DD (and --to for several dates).");
                }
                List<Lake.LakeCommit> commits = configured.replaceSlices(table, from, to == null ? from : to);
                for (Lake.LakeCommit c : commits) {
                    out.printf(
                            "%s %s: %,d rows, snapshot %d, feeds %s%n",
                            c.table(), c.businessDate(), c.rows(), c.snapshotId(), String.join(",", c.feedIds()));
                }
                out.printf("%d dates in one commit%n", commits.size());
            }
            case "models" -> {
                LakeModels runner = models.getObject();
                ModelRunResult result = dates == null || dates.isEmpty()
                        ? runner.rebuildAll()
                        : runner.refresh(Set.copyOf(new TreeSet<>(dates)));
                for (ModelTiming t : result.models()) {
                    out.printf(
                            "%-32s %-24s %,12d rows %8d ms%n",
                            t.name(), t.scopeAndSlices(), t.rowsWritten(), t.millis());
                }
                out.printf("ran %d models on Trino in %,d ms%n", result.models().size(), result.totalMillis());
            }
            default ->
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER, "lake: the action must be publish or models; got '" + action + "'.");
        }
        out.flush();
        return 0;
    }
}
