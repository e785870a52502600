package io.stockroom.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.GrantedAuthority;

/**
 * Turns an OIDC identity's claims (ID token or access token) into Stockroom authorities: app roles and groups map to
 * roles through stockroom.security.oidc.role-map (a value that is a role id maps to itself); stores and areas claims
 * scope the user. Claim values nobody mapped grant nothing.
 */
final class OidcClaims {

    private final AccessProperties.Oidc config;

    OidcClaims(AccessProperties.Oidc config) {
        this.config = config;
    }

    String username(Map<String, Object> claims) {
        Object name = claims.get(config.usernameClaim());
        return name == null ? String.valueOf(claims.get("sub")) : name.toString();
    }

    List<GrantedAuthority> authorities(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(claims.get(config.rolesClaim()))) {
            role(value, roles);
        }
        for (String value : values(claims.get(config.groupsClaim()))) {
            role(value, roles);
        }
        return Actor.authorities(
                roles,
                new TreeSet<>(values(claims.get(config.storesClaim()))),
                new TreeSet<>(values(claims.get(config.areasClaim()))));
    }

    private void role(String value, Set<Role> roles) {
        String mapped = config.roleMap().getOrDefault(value, value);
        for (Role r : Role.values()) {
            if (r.id().equalsIgnoreCase(mapped.replace('-', '_'))) {
                roles.add(r);
            }
        }
    }

    private static List<String> values(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else if (claim instanceof String s) {
            for (String part : s.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part);
                }
            }
        }
        return out;
    }
}
