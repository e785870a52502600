package io.stockroom.cli;

import io.stockroom.security.AuditRetention;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Audit-log retention: report what is older than the configured days (dry run), or remove it with --apply.")
class RetentionCommand implements Runnable {

    private final AuditRetention retention;

    @Option(names = "--apply", description = "Remove the rows instead of only reporting them.")
    boolean apply;

    RetentionCommand(AuditRetention retention) {
        this.retention = retention;
    }

    @Override
    public void run() {
        AuditRetention.Report r = retention.run(apply);
        System.out.println((r.applied() ? "Removed " : "Would remove (dry run; --apply removes) ") + r.viewRows() + " view events older than "
                + r.viewDays() + " days and " + r.otherRows() + " other audit rows"
                + (r.auditDays() > 0 ? " older than " + r.auditDays() + " days." : " (other rows are kept for ever: stockroom.security.retention.audit-days=0)."));
    }
}
