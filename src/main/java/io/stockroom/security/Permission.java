package io.stockroom.security;

/** What a role may do. The matrix of roles to permissions is {@link Role}; docs/security.md shows it as a table. */
public enum Permission {
    /** KPIs, trends, stores, inventory (always within the caller's store scope). */
    VIEW_DASHBOARDS,
    /** Recommendations, purchase orders and the exception report (read). */
    VIEW_REPLENISHMENT,
    /** Acknowledge, snooze or reopen stock alerts of the stores in scope. */
    ACT_ON_ALERTS,
    /** Override, approve or reject recommendation lines. */
    DECIDE_LINES,
    /** Approve or reject purchase orders up to stockroom.security.po-approval-limit. */
    APPROVE_ORDERS,
    /** Approve purchase orders of any value. */
    APPROVE_ORDERS_ANY_VALUE,
    /** Export approved orders to the suppliers' files. */
    EXPORT_ORDERS,
    /** Feeds, runs, quality, quarantine, datasets (read). */
    VIEW_OPERATIONS,
    /** Upload and commit files, push batches. */
    INGEST,
    /** Trigger runs and replays. */
    RUN_PIPELINE,
    /** Users, API tokens, the audit log, GDPR and retention. */
    ADMINISTER;

    /** The Spring Security authority that carries this permission. */
    public String authority() {
        return "PERM_" + name();
    }
}
