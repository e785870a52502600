package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedSummary;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.ValidationReport;
import io.stockroom.quality.DateOrder;
import io.stockroom.quality.Quarantine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Check a file against its dataset contract as ingest would load it (the same options) and report every problem, without loading anything. Exit code 1 if it would fail, as ingest's; 2 for a mistake in the command.")
class ValidateCommand implements Callable<Integer> {

    private final Validation ingest;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<file>")
    Path file;

    @Option(names = "--dataset", description = "Dataset of the file; detected when omitted.")
    String dataset;

    @Mixin
    BusinessDateOption date = new BusinessDateOption();

    @Option(
            names = "--date-order",
            paramLabel = "DMY|MDY",
            description =
                    "How dates like 03/05/2026 read when the file cannot prove it: DMY (3 May) or MDY (March 5). Default: stockroom.quality.slash-date-order; unset, such a file fails.")
    String dateOrder;

    @Option(names = "--sheet", description = "For .xlsx: the sheet to read.")
    String sheet;

    @org.springframework.beans.factory.annotation.Autowired
    ValidateCommand(IngestService ingest) {
        this((file, request) -> ingest.validate(file, request));
    }

    ValidateCommand(Validation ingest) {
        this.ingest = ingest;
    }

    /** Checks a file as ingest would: in this process, or by the server that owns the warehouse. */
    @FunctionalInterface
    interface Validation {
        ValidationReport validate(Path file, IngestRequest request);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IngestCommand.mustExist(file);
        IngestRequest request = new IngestRequest(
                file.getFileName().toString(),
                dataset,
                date.date(),
                "cli",
                null,
                sheet,
                Map.of(),
                null,
                DateOrder.parse(dateOrder, "--date-order"));
        ValidationReport r;
        try {
            r = ingest.validate(file, request);
        } catch (StockroomException e) {
            // what ingest would record as this file's failed feed (exit 1) is a file that would fail, not a mistake
            // in the command (exit 2): a --dataset given and unknown is the command's
            if (!ValidationReport.refusesTheFile(e.code())
                    || dataset != null && e.code() == ErrorCode.DATASET_UNKNOWN) {
                throw e;
            }
            r = ValidationReport.refused(request.originalName(), dataset, e.code(), e.getMessage());
        }
        if (r.format() == null) {
            out.printf("%s: not read%n", r.fileName());
        } else {
            out.printf(
                    "%s: dataset %s, %s, encoding %s, delimiter '%s'%n",
                    r.fileName(),
                    r.dataset(),
                    r.format(),
                    r.encoding(),
                    r.delimiter() == '\t' ? "\\t" : String.valueOf(r.delimiter()));
        }
        r.columnToHeader().forEach((col, header) -> out.printf("    %-20s <- %s%n", col, header));
        if (!r.unmappedHeaders().isEmpty()) {
            out.printf("    ignored columns: %s%n", r.unmappedHeaders());
        }
        out.printf(
                "rows read %,d · loadable %,d · quarantined %,d · warnings %,d · quality %.1f%n",
                r.recordsRead(), r.loadable(), r.quarantined(), r.warnings(), r.qualityScore());
        for (FeedSummary.Issue i : r.issues()) {
            out.printf(
                    "    %-5s %-24s %s%s%n",
                    i.type(), i.code(), i.rows() > 0 ? String.format("%,d rows: ", i.rows()) : "", i.message());
        }
        if (!r.sample().isEmpty()) {
            out.println("first rows that would be quarantined:");
            for (Quarantine.Row row : r.sample()) {
                out.printf("    line %d: %s%n        %s%n", row.sourceLine(), row.rawValues(), row.reasons());
            }
        }
        out.println(r.wouldFail() ? "WOULD FAIL: " + r.failure() : "OK: the file would load.");
        out.flush();
        return r.wouldFail() ? 1 : 0;
    }
}
