package io.stockroom.testdata;

import io.stockroom.security.ApiTokens;
import io.stockroom.security.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticated clients for tests: a real API token created through the running application (admin role, every
 * store), one per application context. Security stays on in every test; tests sign in like a machine would.
 */
public final class TestAccess {

    private static final Map<ApiTokens, String> ADMIN = new ConcurrentHashMap<>();

    private TestAccess() {}

    /** An admin API token of this application (created on first use). */
    public static String adminToken(ApiTokens tokens) {
        return ADMIN.computeIfAbsent(
                tokens,
                t -> t.create("test admin", EnumSet.of(Role.ADMIN), Set.of(), Set.of(), null, "test")
                        .token());
    }

    /** The Authorization header value for the admin token. */
    public static String adminBearer(ApiTokens tokens) {
        return "Bearer " + adminToken(tokens);
    }
}
