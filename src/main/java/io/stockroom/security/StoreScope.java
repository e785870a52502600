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

    /**
     * The SQL predicate that keeps {@code storeColumn} within this scope, or null for the whole chain. It has two
     * bound values, {@link #storeList()} then {@link #areaList()}, each placed where {@code marker} says (e.g. "?" or
     * ":scope_stores"/":scope_areas"). Portable SQL: POSITION and ||, no engine-specific list functions.
     */
    public String predicate(String storeColumn, String storesMarker, String areasMarker) {
        if (all) {
            return null;
        }
        return storeColumn
                + " IN (SELECT scope_s.store_id FROM stores scope_s WHERE POSITION(',' || scope_s.store_id || ',' IN CAST("
                + storesMarker + " AS VARCHAR)) > 0 OR POSITION(',' || coalesce(scope_s.area, '') || ',' IN CAST("
                + areasMarker + " AS VARCHAR)) > 0)";
    }

    /** The scope's stores as one bound value: ",S001,S002,". */
    public String storeList() {
        return "," + String.join(",", new java.util.TreeSet<>(stores)) + ",";
    }

    /** The scope's areas as one bound value: ",North,". */
    public String areaList() {
        return areas.isEmpty() ? "" : "," + String.join(",", new java.util.TreeSet<>(areas)) + ",";
    }

    /** The scope in words, for messages: "stores S001, S002 and areas North", or "no store". */
    public String describe() {
        if (all) {
            return "the whole chain";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!stores.isEmpty()) {
            parts.add("stores " + String.join(", ", new java.util.TreeSet<>(stores)));
        }
        if (!areas.isEmpty()) {
            parts.add("areas " + String.join(", ", new java.util.TreeSet<>(areas)));
        }
        return parts.isEmpty() ? "no store" : String.join(" and ", parts);
    }
}
