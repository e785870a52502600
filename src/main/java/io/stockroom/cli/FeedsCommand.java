package io.stockroom.cli;

import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.FeedStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(name = "feeds", mixinStandardHelpOptions = true, description = "List recent feeds (newest first).")
class FeedsCommand implements Callable<Integer> {

    private final FeedSource feeds;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "30")
    int limit;

    @Option(names = "--status", description = "processing, queued, transforming, transformed or failed")
    String status;

    @Option(names = "--dataset")
    String dataset;

    @org.springframework.beans.factory.annotation.Autowired
    FeedsCommand(FeedStore feeds) {
        this(FeedSource.of(feeds));
    }

    FeedsCommand(FeedSource feeds) {
        this.feeds = feeds;
    }

    @Override
    public Integer call() {
        String statusFilter = FeedStatus.filter(status, "--status"); // a typo is an error (exit 2), not an empty list
        List<FeedStore.Feed> listed = feeds.list(statusFilter, dataset, limit); // before the header: it may fail
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%-18s %-18s %-11s %-12s %10s %10s %8s  %s%n",
                "FEED", "DATASET", "DATE", "STATUS", "LOADED", "QUARANT.", "QUALITY", "FILE");
        for (FeedStore.Feed f : listed) {
            out.printf(
                    "%-18s %-18s %-11s %-12s %,10d %,10d %8s  %s%n",
                    f.feedId(),
                    f.dataset() == null ? "?" : f.dataset(),
                    f.businessDate() == null ? "" : f.businessDate(),
                    f.status().wire() + (f.duplicateOf() != null ? "=" : feeds.stopped(f) ? "!" : ""),
                    f.recordsLoaded() == null ? 0 : f.recordsLoaded(),
                    f.recordsQuarantined() == null ? 0 : f.recordsQuarantined(),
                    f.qualityScore() == null ? "" : String.format("%.1f", f.qualityScore()),
                    f.originalName());
        }
        if (listed.stream().anyMatch(feeds::stopped)) {
            out.printf("! %s%n", FeedSource.STOPPED);
        }
        out.flush();
        return 0;
    }
}
