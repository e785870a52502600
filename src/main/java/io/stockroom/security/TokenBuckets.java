package io.stockroom.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key ("ip:..", "user:.."): each holds up to its allowance and refills continuously over the period.
 * The request rate limit takes one per request; the sign-in throttle one per wrong password. Memory stays bounded: a
 * flood of keys resets them all, which only ever allows more.
 */
final class TokenBuckets {

    private final long periodNanos;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(Duration period, LongSupplier nanos) {
        this.periodNanos = period.toNanos();
        this.nanos = nanos;
    }

    /** Takes one from the key's bucket if it holds one: 0, else the nanoseconds until it will (nothing taken). */
    long tryTake(String key, int allowance) {
        long now = nanos.getAsLong();
        return bucket(key, allowance, now).tryTake(now);
    }

    /** Takes one even when the bucket is short (something to count has happened); true when that left less than one. */
    boolean take(String key, int allowance) {
        long now = nanos.getAsLong();
        return bucket(key, allowance, now).take(now);
    }

    /** 0 when the key's bucket holds one (or the key has none), else the nanoseconds until it will. */
    long waitFor(String key) {
        Bucket b = buckets.get(key);
        return b == null ? 0 : b.waitFor(nanos.getAsLong());
    }

    private Bucket bucket(String key, int allowance, long now) {
        if (buckets.size() > 100_000) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(allowance, allowance / (double) periodNanos, now));
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(int capacity, double perNano, long now) {
            this.capacity = capacity;
            this.perNano = perNano;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long tryTake(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return untilOne();
        }

        synchronized boolean take(long now) {
            refill(now);
            boolean couldTake = tokens >= 1;
            tokens = Math.max(0, tokens - 1);
            return couldTake && tokens < 1;
        }

        synchronized long waitFor(long now) {
            refill(now);
            return tokens >= 1 ? 0 : untilOne();
        }

        private long untilOne() {
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
