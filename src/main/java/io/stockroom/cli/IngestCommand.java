package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedLoaded;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.quality.DateOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Ingest a file or every file in a folder: raw lake, validation, quarantine, load. Exit code 1 if any feed failed.")
class IngestCommand implements Callable<Integer> {

    private final IngestService ingest;

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "<file|dir>",
            description = "A CSV/JSON/Parquet/XLSX file (optionally .gz), or a folder of them.")
    Path path;

    @Option(
            names = "--dataset",
            description = "Dataset of the file(s); detected from the file name and headers when omitted.")
    String dataset;

    @Mixin
    BusinessDateOption date = new BusinessDateOption();

    @Option(
            names = "--date-order",
            paramLabel = "DMY|MDY",
            description =
                    "How dates like 03/05/2026 read when the file cannot prove it: DMY (3 May) or MDY (March 5). Default: stockroom.quality.slash-date-order; unset, such a file fails.")
    String dateOrder;

    @Option(names = "--sheet", description = "For .xlsx: the sheet to read (default: the first).")
    String sheet;

    @Option(
            names = "--complete",
            description =
                    "The file is the complete slice (every row of its dates and stores): rows of that slice "
                            + "the file does not list are removed. Without it, facts upsert or append by key and nothing unmentioned is deleted.")
    boolean complete;

    @Option(
            names = "--force",
            description = "Load the file even if the same bytes were received before (e.g. to restore a slice).")
    boolean force;

    private final ApplicationEventPublisher events;

    IngestCommand(IngestService ingest, ApplicationEventPublisher events) {
        this.ingest = ingest;
        this.events = events;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ingest.checkDatasetName(dataset);
        List<String> skipped = new ArrayList<>();
        List<Path> files = files(path, skipped);
        if (!skipped.isEmpty()) {
            out.println("skipped: " + String.join(", ", skipped));
        }
        int failed = 0;
        List<String> loaded = new ArrayList<>();
        Set<LocalDate> touched = new TreeSet<>();
        for (Path f : ingest.inLoadOrder(files)) {
            FeedResult r = ingest.ingest(
                    f,
                    new IngestRequest(
                                    f.getFileName().toString(),
                                    dataset,
                                    date.date(),
                                    "cli",
                                    null,
                                    sheet,
                                    Map.of(),
                                    null,
                                    false,
                                    false,
                                    DateOrder.parse(dateOrder, "--date-order"))
                            .with(complete, force));
            FeedPrinter.print(out, f.getFileName().toString(), r);
            if (!r.loaded() && r.duplicateOf() == null) {
                failed++;
            }
            if (r.loaded()) {
                loaded.add(r.feedId());
                touched.addAll(r.datesTouched());
            }
        }
        if (!loaded.isEmpty()) {
            // the marts catch up exactly as after an upload, once for all the files
            events.publishEvent(new FeedLoaded(String.join(",", loaded), "cli", touched));
        }
        out.printf("%d file(s), %d failed.%n", files.size(), failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** A path that is not there is a mistyped command (exit 2), not a file that failed. */
    static void mustExist(Path path) {
        if (!Files.exists(path)) {
            throw new StockroomException(ErrorCode.FILE_NOT_FOUND, path + " does not exist. Check the path.");
        }
    }

    /**
     * The file, or the files of the folder (not its sub-folders) in name order; what a folder holds that is not read
     * goes to {@code skipped}, each with why: files still being written ({@code .part}, {@code .tmp}: the drop-folder
     * run leaves them too) and sub-folders. Hidden files are passed over without a word, as the drop folder does.
     */
    static List<Path> files(Path path, List<String> skipped) throws IOException {
        mustExist(path);
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    skipped.add(name + "/ (a folder: ingest " + p + " to read it)");
                } else if (name.endsWith(".part") || name.endsWith(".tmp")) {
                    skipped.add(name + " (still being written: a .part or .tmp file is read once renamed)");
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        if (files.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND,
                    "The folder " + path + " has no files to ingest"
                            + (skipped.isEmpty() ? "." : " (skipped: " + String.join(", ", skipped) + ")."));
        }
        return files;
    }
}
