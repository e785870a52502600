package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests the audit log keeps, with the signed-in actor: every write to the API, every page view of the web app, every
 * download (an answer that is a file, CSV files, supplier-order downloads and exports) and every refusal (403) past the
 * route check, with the outcome, written as the response completes (a page's HTML may reach the browser a moment before
 * its row). One row per page, not per API call behind it, so view events stay few (and expire sooner, see retention).
 */
final class AuditedReads extends OncePerRequestFilter {

    /** Query parameters never written to the log: the CSRF token and anything named like a credential. */
    private static final Pattern SECRET = Pattern.compile("_csrf|.*(token|secret|password|api_?key).*");

    private final AuditTrail audit;
    private final Predicate<HttpServletRequest> page;

    /** {@code page}: whether a GET of the request's path is one of the web app's pages. */
    AuditedReads(AuditTrail audit, Predicate<HttpServletRequest> page) {
        this.audit = audit;
        this.page = page;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // read before the chain: a page forwards to its .html file, which changes the request's path
        String path = request.getRequestURI();
        String target = target(request);
        boolean get = "GET".equals(request.getMethod());
        boolean page = get && this.page.test(request);
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status == 401 || status == 302) {
            return; // not signed in: nobody saw anything
        }
        if (status == 403) {
            // refused past the route check (a store filter outside the caller's stores, a chain-wide report, another
            // user's upload): one row, as the route check's own refusals have (SecurityConfiguration)
            audit.record(denied(request.getMethod() + " " + target));
            return;
        }
        boolean api = path.startsWith("/api/");
        boolean download = api
                && (path.endsWith(".csv")
                        || path.endsWith("/download")
                        || path.endsWith("/export")
                        || (get && attachment(response)));
        boolean write = api
                && !download
                && !get
                && !"HEAD".equals(request.getMethod())
                && !"OPTIONS".equals(request.getMethod());
        if (!page && !download && !write) {
            return;
        }
        String outcome = status < 400 ? "ok" : "failed";
        if (write) {
            // every write request with the signed-in actor (uploads, commits, batches, runs, replays, decisions); the
            // services add their own rows with before/after where they have them
            audit.record(new AuditTrail.Entry(
                    AuditTrail.Category.WRITE,
                    request.getMethod().toLowerCase(java.util.Locale.ROOT),
                    "api",
                    target,
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
                target,
                null,
                null,
                null,
                outcome));
    }

    /** The row of a refused request ({@code what}: method and target). */
    static AuditTrail.Entry denied(String what) {
        return new AuditTrail.Entry(AuditTrail.Category.WRITE, "denied", "route", what, null, null, null, "denied");
    }

    /** An answer the browser saves as a file, whatever its path (XLSX, JSON or CSV orders; a CSV report). */
    private static boolean attachment(HttpServletResponse response) {
        String disposition = response.getHeader(HttpHeaders.CONTENT_DISPOSITION);
        return disposition != null
                && disposition.strip().toLowerCase(java.util.Locale.ROOT).startsWith("attachment");
    }

    /**
     * The request's path and query as the log keeps them: without the CSRF token a form posts in the query, or any
     * parameter named like a credential (an audit reader is not to see them).
     */
    static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return request.getRequestURI();
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(p -> !SECRET.matcher(name(p)).matches())
                .collect(Collectors.joining("&"));
        return request.getRequestURI() + (kept.isEmpty() ? "" : "?" + kept);
    }

    private static String name(String parameter) {
        String name = parameter.split("=", 2)[0];
        try {
            name = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // kept as sent
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
