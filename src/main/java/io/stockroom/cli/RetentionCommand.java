package io.stockroom.cli;

import io.stockroom.retention.RetentionService;
import io.stockroom.security.AuditRetention;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description =
                "Retention per dataset (raw files, facts, quarantine, feeds) and of the audit log: report what has expired (dry run), "
                        + "or remove it with --apply.")
class RetentionCommand implements Runnable {

    private final RetentionService retention;

    @Option(names = "--apply", description = "Remove what has expired instead of only reporting it.")
    boolean apply;

    RetentionCommand(RetentionService retention) {
        this.retention = retention;
    }

    @Override
    public void run() {
        RetentionService.Report r = apply ? retention.apply() : retention.report();
        String verb = r.applied() ? "Removed" : "Would remove";
        System.out.println(
                r.applied()
                        ? "Retention applied " + r.asOf() + ":"
                        : "Retention dry run " + r.asOf() + " (nothing changed; --apply removes):");
        if (r.datasets().isEmpty()) {
            System.out.println(
                    "  datasets: no policy removes anything (stockroom.retention.datasets.<dataset>.raw-days / facts-days / "
                            + "quarantine-days / feeds-days; docs/security.md).");
        }
        for (RetentionService.DatasetReport d : r.datasets()) {
            System.out.println("  " + d.dataset() + ": " + verb.toLowerCase() + " "
                    + part(
                            d.rawFiles() + " raw files (" + d.rawBytes() + " bytes)",
                            "received before",
                            d.rawReceivedBefore())
                    + ", "
                    + part(d.factRows() + " fact rows", "dated before", d.factsBefore())
                    + (d.lakeRows() > 0 ? " (and " + d.lakeRows() + " in the lake)" : "") + ", "
                    + part(d.quarantineRows() + " quarantined rows", "quarantined before", d.quarantinedBefore()) + ", "
                    + part(d.feeds() + " feed records", "received before", d.feedsReceivedBefore())
                    + unreplayable(d, r.applied())
                    + (d.rawFilesNotRemoved().isEmpty()
                            ? ""
                            : "; could not remove " + String.join(", ", d.rawFilesNotRemoved()) + " (see the log)")
                    + (d.lakeNotRemoved() == null ? "" : "; " + d.lakeNotRemoved()));
        }
        AuditRetention.Report a = r.auditLog();
        System.out.println("  audit log: " + verb.toLowerCase() + " " + a.viewRows() + " view events older than "
                + a.viewDays() + " days and "
                + a.otherRows() + " other audit rows"
                + (a.auditDays() > 0
                        ? " older than " + a.auditDays() + " days."
                        : " (other rows are kept for ever: stockroom.security.retention.audit-days=0)."));
    }

    /** The business dates a replay refuses once the pass removed their raw files (docs/pipeline.md, replay). */
    private static String unreplayable(RetentionService.DatasetReport d, boolean applied) {
        if (d.unreplayableFrom() == null) {
            return "";
        }
        String dates = d.unreplayableFrom().equals(d.unreplayableTo())
                ? "business date " + d.unreplayableFrom()
                : "business dates " + d.unreplayableFrom() + " to " + d.unreplayableTo();
        return "; " + d.dataset() + " of " + dates + " can no longer be replayed"
                + (applied ? " (their raw files are gone)" : " once their raw files go");
    }

    private static String part(String what, String when, java.time.LocalDate before) {
        return before == null
                ? what.replaceFirst("^\\d+ ", "no ").replaceFirst(" \\(\\d+ bytes\\)", "") + " (kept for ever)"
                : what + " " + when + " " + before;
    }
}
