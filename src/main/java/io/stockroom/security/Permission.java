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
    /** Add, change and end planogram placements (the Planogram page). */
    EDIT_PLACEMENTS,
    /** Users, API tokens, the audit log, GDPR and retention. */
    ADMINISTER;

    /**
     * Whether only an account that sees every store may use it: the routes that need it cover every store's rows (a
     * file, a run, the quarantine, administration) and refuse an account limited to stores (SecurityConfiguration's
     * {@code chainWide}), so such an account is not offered them either (GET /api/v1/me). One exception, not in the web
     * app: a store-limited token may push its own stores' rows through the batch API (ingest.StoreScopedBatch).
     */
    public boolean wholeChainOnly() {
        return this == VIEW_OPERATIONS || this == INGEST || this == RUN_PIPELINE || this == ADMINISTER;
    }

    /** The Spring Security authority that carries this permission. */
    public String authority() {
        return "PERM_" + name();
    }
}
