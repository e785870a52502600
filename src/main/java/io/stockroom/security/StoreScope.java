package io.stockroom.security;

import java.util.Set;

/**
 * The stores an actor may see. {@code all} is the chain; otherwise the listed stores plus every store of the
 * listed areas. A store GM or area manager with nothing assigned sees no store (never the whole chain by accident).
 */
public record StoreScope(boolean all, Set<String> stores, Set<String> areas) {

    public static final StoreScope ALL = new StoreScope(true, Set.of(), Set.of());

    public StoreScope {
        stores = Set.copyOf(stores);
        areas = Set.copyOf(areas);
    }

    static StoreScope of(Set<Role> roles, Set<String> stores, Set<String> areas) {
        if (!stores.isEmpty() || !areas.isEmpty()) {
            return new StoreScope(false, stores, areas);
        }
        boolean chainWide = roles.stream().anyMatch(r -> r != Role.STORE_GM && r != Role.AREA_MANAGER);
        return chainWide ? ALL : new StoreScope(false, Set.of(), Set.of());
    }
}
