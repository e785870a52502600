package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The per-client-IP limit (the per-principal one is exercised over HTTP in AccessTest), on a clock the test moves. */
class RateLimitFilterTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RateLimitFilter filter = new RateLimitFilter(new AccessProperties.RateLimit(0, 3, 0, 0), now::get);

    @Test
    void eachClientAddressHasItsOwnBucketThatRefillsOverTheMinute() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call("10.0.0.1", "/api/v1/me").getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse limited = call("10.0.0.1", "/api/v1/me");
        assertThat(limited.getStatus()).isEqualTo(429);
        assertThat(limited.getHeader("Retry-After")).isEqualTo("20"); // 3 a minute: one every 20 s
        assertThat(limited.getContentAsString()).contains("RATE_LIMITED").contains("per-ip-per-minute");
        assertThat(call("10.0.0.2", "/api/v1/me").getStatus())
                .as("another address")
                .isEqualTo(200);
        assertThat(call("10.0.0.1", "/overview").getStatus())
                .as("pages are not limited, only /api")
                .isEqualTo(200);
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertThat(call("10.0.0.1", "/api/v1/me").getStatus())
                .as("one request refilled after 20 s")
                .isEqualTo(200);
        assertThat(call("10.0.0.1", "/api/v1/me").getStatus()).isEqualTo(429);
    }

    MockHttpServletResponse call(String ip, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRemoteAddr(ip);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
