package io.stockroom.security;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access settings under stockroom.security. The OIDC provider itself is Spring Boot's standard configuration
 * (spring.security.oauth2.client.* for browser sign-in, spring.security.oauth2.resourceserver.jwt.* for bearer JWTs);
 * these keys say how its claims become Stockroom roles and stores.
 */
@ConfigurationProperties("stockroom.security")
public record AccessProperties(
        /** Purchase orders costing more than this need a head buyer (or admin). */
        @DefaultValue("5000") BigDecimal poApprovalLimit,
        /** An override above this multiple of max(recommended qty, case pack, MOQ) is refused as a typing error. */
        @DefaultValue("10") int maxOverrideMultiple,
        /** How long the sign-in link that `demo`/`serve` prints stays valid. */
        @DefaultValue("PT1H") Duration loginLinkTtl,
        @DefaultValue Oidc oidc,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Retention retention,
        /** Origins allowed to call the API from another site's pages; empty = none (CORS closed). */
        @DefaultValue List<String> corsOrigins) {

    /**
     * How an OIDC identity becomes a Stockroom actor.
     *
     * @param usernameClaim claim naming the user (Entra ID: preferred_username; falls back to sub)
     * @param rolesClaim    claim holding role names (Entra ID app roles: roles)
     * @param groupsClaim   claim holding group ids (Entra ID: groups); mapped through roleMap
     * @param storesClaim   claim holding store ids the user may see
     * @param areasClaim    claim holding areas the user may see
     * @param roleMap       claim value (app role, group object id) → Stockroom role id; role ids also match directly
     */
    public record Oidc(
            @DefaultValue("preferred_username") String usernameClaim,
            @DefaultValue("roles") String rolesClaim,
            @DefaultValue("groups") String groupsClaim,
            @DefaultValue("stores") String storesClaim,
            @DefaultValue("areas") String areasClaim,
            @DefaultValue Map<String, String> roleMap) {}

    /** Days audit rows are kept: page views 180 by default, everything else for ever (0). */
    public record Retention(
            @DefaultValue("180") int viewDays,
            @DefaultValue("0") int auditDays) {}

    /**
     * Requests per minute allowed per signed-in principal and per client IP on /api, and wrong passwords per hour
     * allowed per user name and per client IP before password sign-in waits (SignInThrottle); 0 switches a limit off.
     */
    public record RateLimit(
            @DefaultValue("600") int perPrincipalPerMinute,
            @DefaultValue("1200") int perIpPerMinute,
            @DefaultValue("20") int signInFailuresPerUserPerHour,
            @DefaultValue("100") int signInFailuresPerIpPerHour) {}
}
