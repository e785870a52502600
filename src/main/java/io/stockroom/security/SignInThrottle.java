package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final int perUser;
    private final int perIp;
    private final LongSupplier nanos;
    private final java.util.function.Consumer<String> engaged;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param engaged told "user:NAME" or "ip:ADDRESS" when that bucket empties and sign-ins start to wait */
    SignInThrottle(AccessProperties.RateLimit limits, LongSupplier nanos, java.util.function.Consumer<String> engaged) {
        this.perUser = limits.signInFailuresPerUserPerHour();
        this.perIp = limits.signInFailuresPerIpPerHour();
        this.nanos = nanos;
        this.engaged = engaged;
    }

    /** A wrong password for {@code username} from {@code ip}. */
    void failed(String username, String ip) {
        if (buckets.size() > 100_000) {
            buckets.clear(); // bounded memory under a flood of names; a reset only ever allows more
        }
        long now = nanos.getAsLong();
        if (perUser > 0
                && username != null
                && bucket(userKey(username), perUser, now).take(now)) {
            engaged.accept(userKey(username));
        }
        if (perIp > 0 && ip != null && bucket("ip:" + ip, perIp, now).take(now)) {
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
        long now = nanos.getAsLong();
        String username = request.getParameter("username");
        long wait = 0;
        if (perUser > 0 && username != null) {
            wait = wait(userKey(username), now);
        }
        if (perIp > 0) {
            wait = Math.max(wait, wait("ip:" + request.getRemoteAddr(), now));
        }
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1)));
            response.sendRedirect(request.getContextPath() + "/login?too-many");
            return;
        }
        chain.doFilter(request, response);
    }

    private long wait(String key, long now) {
        Bucket b = buckets.get(key);
        return b == null ? 0 : b.waitFor(now);
    }

    private static String userKey(String username) {
        return "user:" + username.strip().toLowerCase(Locale.ROOT);
    }

    private Bucket bucket(String key, int perHour, long now) {
        return buckets.computeIfAbsent(key, k -> new Bucket(perHour, now));
    }

    /** perHour tokens, refilled continuously over the hour. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(int perHour, long now) {
            this.capacity = perHour;
            this.perNano = perHour / (double) HOUR;
            this.tokens = perHour;
            this.last = now;
        }

        /** Takes one; true when that left too little for another try (the throttle starts now). */
        synchronized boolean take(long now) {
            refill(now);
            boolean couldTry = tokens >= 1;
            tokens = Math.max(0, tokens - 1);
            return couldTry && tokens < 1;
        }

        /** 0 when a sign-in may be tried now, else the nanoseconds until one may. */
        synchronized long waitFor(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
