package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer sr_...} (Stockroom API tokens) for this request only; other bearer
 * tokens are left to the JWT resource server. A wrong, expired or revoked token is a 401, never a fallback.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    static final String PREFIX = "Bearer sr_";

    private final ApiTokens tokens;
    private final AuditTrail audit;

    ApiTokenFilter(ApiTokens tokens, AuditTrail audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    static boolean isApiToken(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isApiToken(request)) {
            chain.doFilter(request, response);
            return;
        }
        String token =
                request.getHeader("Authorization").substring("Bearer ".length()).strip();
        Optional<ApiTokens.Grant> grant = tokens.authenticate(token);
        if (grant.isEmpty()) {
            String id = ApiTokens.FORMAT.matcher(token).matches() ? token.substring(3, 15) : "malformed";
            audit.record(
                    Actor.named("token:" + id),
                    new AuditTrail.Entry(
                            AuditTrail.Category.TOKEN, "token_rejected", "api_token", id, null, null, null, "denied"));
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ProblemResponses.write(
                    response,
                    401,
                    "UNAUTHENTICATED",
                    "Unauthorized",
                    "The API token is unknown, expired or revoked. Ask an admin for a new one (stockroom tokens create).");
            return;
        }
        ApiTokens.Grant g = grant.get();
        var auth = UsernamePasswordAuthenticationToken.authenticated(
                "token:" + g.name(), null, Actor.authorities(g.roles(), g.stores(), g.areas()));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        if (g.auditUse()) {
            audit.record(
                    Actor.of(auth),
                    new AuditTrail.Entry(
                            AuditTrail.Category.TOKEN, "token_used", "api_token", g.id(), null, null, null, "ok"));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
