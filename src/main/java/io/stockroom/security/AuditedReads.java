package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests the audit log keeps, with the signed-in actor: every write to the API, dashboard page views and every
 * download (CSV files, supplier-order exports), with
 * the outcome, written as the response completes (a page's HTML may reach the browser a moment before its row). One row per page, not per API call behind it, so view events stay few (and expire sooner, see retention).
 */
final class AuditedReads extends OncePerRequestFilter {

    static final Set<String> PAGES =
            Set.of("/", "/overview", "/stores", "/inventory", "/reorder", "/feeds", "/runs", "/quality", "/audit");

    private final AuditTrail audit;

    AuditedReads(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // read before the chain: a page forwards to its .html file, which changes the request's path
        String path = request.getRequestURI();
        String query = request.getQueryString();
        chain.doFilter(request, response);
        boolean page = "GET".equals(request.getMethod()) && PAGES.contains(path);
        boolean download = path.startsWith("/api/") && (path.endsWith(".csv") || path.endsWith("/export"));
        boolean write = path.startsWith("/api/")
                && !download
                && !"GET".equals(request.getMethod())
                && !"HEAD".equals(request.getMethod())
                && !"OPTIONS".equals(request.getMethod());
        if (!page && !download && !write) {
            return;
        }
        int status = response.getStatus();
        if (status == 401 || status == 302) {
            return; // not signed in: nobody saw anything
        }
        String outcome = status < 400 ? "ok" : status == 403 ? "denied" : "failed";
        if (write) {
            // every write request with the signed-in actor (uploads, commits, batches, runs, replays, decisions); the
            // services add their own rows with before/after where they have them
            audit.record(new AuditTrail.Entry(
                    AuditTrail.Category.WRITE,
                    request.getMethod().toLowerCase(java.util.Locale.ROOT),
                    "api",
                    path + (query == null ? "" : "?" + query),
                    null,
                    java.util.Map.of("status", status),
                    null,
                    outcome));
            return;
        }
        audit.record(new AuditTrail.Entry(
                page ? AuditTrail.Category.VIEW : AuditTrail.Category.EXPORT,
                page ? "view" : "download",
                page ? "page" : "api",
                path + (query == null ? "" : "?" + query),
                null,
                null,
                null,
                outcome));
    }
}
