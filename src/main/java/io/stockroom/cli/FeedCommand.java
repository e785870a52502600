package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.FeedSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "feed",
        mixinStandardHelpOptions = true,
        description = "Show one feed: its summary and a sample of its quarantined rows.")
class FeedCommand implements Callable<Integer> {

    private final FeedSource feeds;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<feed-id>")
    String feedId;

    @Option(names = "--rows", defaultValue = "10", description = "Quarantined rows to show.")
    int rows;

    @org.springframework.beans.factory.annotation.Autowired
    FeedCommand(FeedStore feeds) {
        this(FeedSource.of(feeds));
    }

    FeedCommand(FeedSource feeds) {
        this.feeds = feeds;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FeedStore.Feed f = feeds.find(feedId)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No feed " + feedId + ". 'stockroom feeds' lists them."));
        out.printf(
                "feed %s · %s · %s · %s%n",
                f.feedId(),
                f.originalName(),
                f.dataset() == null ? "dataset not known yet" : f.dataset(),
                f.status().wire());
        if (feeds.stopped(f)) {
            out.printf("%s%n", FeedSource.STOPPED);
        }
        out.printf(
                "business date %s · source %s · received %s · sha256 %s%n",
                f.businessDate() == null ? "not known yet" : f.businessDate(),
                f.source(),
                f.createdAt(),
                f.sha256() == null ? "not available" : f.sha256());
        FeedSummary s = f.summary();
        if (s != null) {
            FeedSummary.Metrics m = s.metrics();
            out.printf(
                    "read %,d · loaded %,d · quarantined %,d · returns %,d · warnings %,d · quality %s%n",
                    m.recordsRead(),
                    m.recordsLoaded(),
                    m.recordsQuarantined(),
                    m.returns(),
                    m.warnings(),
                    m.qualityScore());
            if (m.grossRevenue() != null) {
                out.printf(
                        "revenue %,.2f · cogs %s · margin %s · margin %% %s (of costed rows) · rows without a cost %s%n",
                        m.grossRevenue(),
                        m.cogs(),
                        m.margin(),
                        m.marginPct(),
                        m.missingProductCost() == null ? "n/a" : String.format("%,d", m.missingProductCost()));
            }
            s.timestamps().forEach((k, v) -> out.printf("    %-16s %s%n", k, v));
            for (FeedSummary.Issue i : s.issues()) {
                out.printf(
                        "    %-5s %-24s %s%s%n",
                        i.type(), i.code(), i.rows() > 0 ? String.format("%,d rows: ", i.rows()) : "", i.message());
            }
            if (s.error() != null) {
                out.printf(
                        "error %s: %s (trace %s)%n",
                        s.error().code(), s.error().message(), s.error().traceId());
            }
        }
        var sample = feeds.quarantine(feedId, rows);
        if (!sample.isEmpty()) {
            out.println("quarantined rows:");
            sample.forEach(
                    r -> out.printf("    line %s: %s%n        %s%n", r.sourceLine(), r.rawValues(), r.reasons()));
        }
        out.flush();
        return 0;
    }
}
