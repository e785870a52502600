package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing: each wrong password takes one from its user name's bucket and its client address's
 * (stockroom.security.rate-limit.sign-in-failures-per-user-per-hour / -per-ip-per-hour, refilled over the hour); while
 * either is empty a password sign-in (POST /login) is not even checked and the page says to wait. Right passwords
 * take nothing, so people who type theirs right are never held up. The moment a bucket empties is told to
 * {@code engaged} (the audit log: one row when the throttle starts, not one per refused guess, which would let a flood
 * of guesses flood the log too).
 */
final class SignInThrottle extends OncePerRequestFilter {

    private final int perUser;
    private final int perIp;
    private final java.util.function.Consumer<String> engaged;
    private final TokenBuckets buckets;

    /** @param engaged told "user:NAME" or "ip:ADDRESS" when that bucket empties and sign-ins start to wait */
    SignInThrottle(AccessProperties.RateLimit limits, LongSupplier nanos, java.util.function.Consumer<String> engaged) {
        this.perUser = limits.signInFailuresPerUserPerHour();
        this.perIp = limits.signInFailuresPerIpPerHour();
        this.engaged = engaged;
        this.buckets = new TokenBuckets(Duration.ofHours(1), nanos);
    }

    /** A wrong password for {@code username} from {@code ip}. */
    void failed(String username, String ip) {
        if (perUser > 0 && username != null && buckets.take(userKey(username), perUser)) {
            engaged.accept(userKey(username));
        }
        if (perIp > 0 && ip != null && buckets.take("ip:" + ip, perIp)) {
            engaged.accept("ip:" + ip);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = request.getParameter("username");
        long wait = 0;
        if (perUser > 0 && username != null) {
            wait = buckets.waitFor(userKey(username));
        }
        if (perIp > 0) {
            wait = Math.max(wait, buckets.waitFor("ip:" + request.getRemoteAddr()));
        }
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1)));
            response.sendRedirect(request.getContextPath() + "/login?too-many");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String userKey(String username) {
        return "user:" + username.strip().toLowerCase(Locale.ROOT);
    }
}
