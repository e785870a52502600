package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token buckets per client IP and per signed-in principal on /api: each refills to its per-minute allowance
 * continuously; an empty bucket answers 429 with Retry-After (seconds until one request is allowed again).
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final int perPrincipal;
    private final int perIp;
    private final TokenBuckets buckets;

    RateLimitFilter(AccessProperties.RateLimit limits, LongSupplier nanos) {
        this.perPrincipal = limits.perPrincipalPerMinute();
        this.perIp = limits.perIpPerMinute();
        this.buckets = new TokenBuckets(Duration.ofMinutes(1), nanos);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = 0;
        if (perIp > 0) {
            wait = Math.max(wait, buckets.tryTake("ip:" + request.getRemoteAddr(), perIp));
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (perPrincipal > 0 && CurrentActor.signedIn(auth)) {
            wait = Math.max(wait, buckets.tryTake("user:" + auth.getName(), perPrincipal));
        }
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", Long.toString(seconds));
            ProblemResponses.write(
                    response,
                    429,
                    "RATE_LIMITED",
                    "Too Many Requests",
                    "Too many requests; try again in " + seconds
                            + " s. The limits are stockroom.security.rate-limit.per-principal-per-minute and per-ip-per-minute.");
            return;
        }
        chain.doFilter(request, response);
    }
}
