package io.stockroom.security;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is acting: the authenticated name, roles, permissions and store scope. Every sign-in mechanism (local
 * password, OIDC, bearer JWT, API token) grants the same kinds of authorities, so the actor reads the same way
 * whatever signed it in: ROLE_x, PERM_x, STORE_x and AREA_x.
 */
public record Actor(String name, Set<Role> roles, Set<Permission> permissions, StoreScope scope) {

    /** Who acts when no request does: the scheduler, the CLI. */
    public static final Actor SYSTEM =
            new Actor("system", EnumSet.of(Role.ADMIN), EnumSet.allOf(Permission.class), StoreScope.ALL);

    /** Who acts in a request nobody signed in to (refused before sign-in): no role, no permission, no store. */
    public static final Actor ANONYMOUS =
            new Actor("anonymous", Set.of(), Set.of(), new StoreScope(false, Set.of(), Set.of()));

    /**
     * Someone known only by name — a refused or throttled sign-in, a rejected token, an actor recorded earlier: no role,
     * no permission.
     */
    public static Actor named(String name) {
        return new Actor(name, Set.of(), Set.of(), StoreScope.ALL);
    }

    private static final String STORE = "STORE_";
    private static final String AREA = "AREA_";

    public Actor {
        requireNonNull(name, "name is null");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        permissions = Set.copyOf(permissions);
        requireNonNull(scope, "scope is null");
    }

    public boolean can(Permission p) {
        return permissions.contains(p);
    }

    /** The roles as ids, comma-separated (for the audit log). */
    public String roleIds() {
        return roles.stream().map(Role::id).sorted().collect(Collectors.joining(","));
    }

    /** Reads the actor from any authentication Stockroom issues. */
    public static Actor of(Authentication auth) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Set<String> stores = new TreeSet<>();
        Set<String> areas = new TreeSet<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            String s = a.getAuthority();
            if (s == null) {
                continue;
            }
            if (s.startsWith("ROLE_")) {
                for (Role r : Role.values()) {
                    if (r.authority().equals(s)) {
                        roles.add(r);
                    }
                }
            } else if (s.startsWith("PERM_")) {
                for (Permission p : Permission.values()) {
                    if (p.authority().equals(s)) {
                        permissions.add(p);
                    }
                }
            } else if (s.startsWith(STORE)) {
                stores.add(s.substring(STORE.length()));
            } else if (s.startsWith(AREA)) {
                areas.add(s.substring(AREA.length()));
            }
        }
        return new Actor(auth.getName(), roles, permissions, StoreScope.of(roles, stores, areas));
    }

    /** The authorities that make an actor with these roles and stores/areas (empty stores and areas: chain-wide roles see all). */
    public static List<GrantedAuthority> authorities(
            Collection<Role> roles, Collection<String> stores, Collection<String> areas) {
        List<GrantedAuthority> out = new ArrayList<>();
        Set<Permission> perms = EnumSet.noneOf(Permission.class);
        for (Role r : roles) {
            out.add(new SimpleGrantedAuthority(r.authority()));
            perms.addAll(r.permissions());
        }
        perms.forEach(p -> out.add(new SimpleGrantedAuthority(p.authority())));
        stores.forEach(s -> out.add(new SimpleGrantedAuthority(STORE + s)));
        areas.forEach(s -> out.add(new SimpleGrantedAuthority(AREA + s)));
        return out;
    }
}
