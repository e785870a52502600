package io.stockroom.api;

import io.stockroom.retention.RetentionService;
import io.stockroom.security.AuditTrail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Retention (admins): the dry-run report of what has expired, and applying it now rather than at the nightly pass. */
@RestController
@RequestMapping("/api/v1/retention")
class RetentionController {

    private final RetentionService retention;
    private final AuditTrail audit;

    RetentionController(RetentionService retention, AuditTrail audit) {
        this.retention = retention;
        this.audit = audit;
    }

    /** What a retention pass would remove today, per dataset and from the audit log. Nothing changes. */
    @GetMapping
    RetentionService.Report report() {
        RetentionService.Report r = retention.report();
        audit.record(new AuditTrail.Entry(
                AuditTrail.Category.VIEW, "retention_dry_run", "retention", null, null, null, r.total(), "ok"));
        return r;
    }

    /** Removes what has expired now; the audit log gets a row naming what went. */
    @PostMapping("/apply")
    RetentionService.Report apply() {
        return retention.apply();
    }
}
