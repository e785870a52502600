package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.security.CurrentActor;
import io.stockroom.security.StoreScope;

/**
 * What a reorder line or purchase order asked by id answers when the caller's stores hold none with that id: for a
 * caller limited to some stores a 403 naming the stores the access covers, the same whether the id is another store's
 * or nobody's, so it tells nothing of other stores (as a store filter or a store in the path answers,
 * docs/security.md); for a whole-chain caller a 404.
 */
final class AskedById {

    private AskedById() {}

    /**
     * @param what   the thing asked for, e.g. "recommendation 123"
     * @param absent the 404's message, for a whole-chain caller
     * @param list   where the caller's own are listed
     */
    static StockroomException notHeld(String what, String absent, String list) {
        StoreScope scope = CurrentActor.scope();
        if (scope.all()) {
            return new StockroomException(ErrorCode.NOT_FOUND, absent);
        }
        return new StockroomException(
                ErrorCode.FORBIDDEN,
                "Your access covers " + scope.describe() + ", not " + what
                        + ": it is another store's, or there is none with that id. " + list);
    }
}
