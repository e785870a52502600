package io.stockroom.metrics;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.security.CurrentActor;
import org.springframework.stereotype.Component;

/**
 * The store and area filters of API reads, checked against the caller's scope with the same {@link Where} that scopes
 * the reads themselves (dashboards, inventory, reorder lines, purchase orders, planogram).
 */
@Component
public class StoreFilterCheck {

    private final Marts marts;

    StoreFilterCheck(Marts marts) {
        this.marts = marts;
    }

    /**
     * Refuses a store or area filter the caller may not see; every API read with such a filter calls it
     * (api/StoreFilters). Outside the caller's stores it is a 403 that says so (the same answer whether the store
     * exists, so it tells nothing of other stores); for a whole-chain caller an unknown one is a 404 — never an empty
     * answer that reads as "no sales".
     */
    public void check(String store, String area) {
        check(store, area, "Leave the %s filter out to see yours (GET /api/v1/stores lists them).");
    }

    /**
     * Refuses a store named in a request's path ({@code /planogram/stores/{store}}) as {@link #check} refuses a filter:
     * one rule for a store wherever the request names it (docs/security.md).
     */
    public void checkInPath(String store) {
        check(store, null, "Ask for one of yours (GET /api/v1/stores lists them).");
    }

    private void check(String store, String area, String hint) {
        var scope = CurrentActor.scope();
        for (String[] filter : new String[][] {{"store", "store_id", store}, {"area", "area", area}}) {
            String value = filter[2];
            if (value == null) {
                continue;
            }
            Where visible = new Where().scoped("store_id").eq(filter[1], value);
            if (marts.count("SELECT COUNT(*) FROM stores" + visible.sql(), visible.params()) > 0) {
                continue;
            }
            if (!scope.all()) {
                throw new StockroomException(
                        ErrorCode.FORBIDDEN,
                        "Your access covers " + scope.describe() + ", not " + filter[0] + " '" + value + "'. "
                                + hint.formatted(filter[0]));
            }
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No " + filter[0] + " '" + value + "' in the stores master data; GET /api/v1/filters lists the "
                            + filter[0] + "s (ids are case-sensitive).");
        }
    }
}
