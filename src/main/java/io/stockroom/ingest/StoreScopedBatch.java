package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.quality.HeaderMapping;
import io.stockroom.security.StoreScope;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch pushed by an account limited to some stores — a till's or a store system's token. It may load only its own
 * stores' rows of a fact kept per store (sales, inventory, labour, receipts, orders: a dataset whose key holds the store,
 * so no load of it changes another store's row), and never replace a slice wider than a store. Anything else is refused
 * whole, before the feed exists: nothing is loaded, and the message names the records and stores out of its reach.
 */
final class StoreScopedBatch {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String STORE = "store_id";
    private static final int NAMED_RECORDS = 5;

    private StoreScopedBatch() {}

    /**
     * Refuses the batch ({@code records}: a JSON array) unless every record is for a store of {@code scope}. A whole-chain
     * scope passes anything.
     */
    static void check(
            Path records,
            String dataType,
            boolean complete,
            StoreScope scope,
            ContractRegistry contracts,
            Warehouse warehouse) {
        if (scope.all()) {
            return;
        }
        String limited = "This token is limited to " + scope.describe();
        Contract contract = contracts.get(dataType);
        if (!keptPerStore(contract)) {
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    limited + ": it may load only its stores' rows of a dataset kept per store ("
                            + String.join(", ", perStoreDatasets(contracts)) + "), not " + contract.dataset()
                            + ", which is the whole chain's. Push it with a token without stores.");
        }
        if (complete && !contract.slice().contains(STORE)) {
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    limited + ": \"complete\": true would replace whole days of " + contract.dataset()
                            + " for every store. Send the records without it (they are added by key), or push them"
                            + " with a token without stores.");
        }
        Set<String> headers = new LinkedHashSet<>();
        eachRecord(records, r -> r.propertyNames().forEach(headers::add));
        String storeHeader = HeaderMapping.resolve(contract, List.copyOf(headers), Map.of())
                .header(STORE)
                .orElse(null);
        Set<String> allowed = stores(scope, warehouse);
        long[] seen = {0};
        List<Long> outside = new ArrayList<>();
        Set<String> others = new TreeSet<>();
        eachRecord(records, r -> {
            seen[0]++;
            JsonNode value = storeHeader == null ? null : r.get(storeHeader);
            String store =
                    value == null || value.isNull() ? "" : value.asString().strip();
            if (!allowed.contains(store)) {
                outside.add(seen[0]);
                others.add(store.isEmpty() ? "(no store)" : store);
            }
        });
        if (!outside.isEmpty()) {
            String which =
                    outside.stream().limit(NAMED_RECORDS).map(String::valueOf).collect(Collectors.joining(", "));
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    limited + ", but " + outside.size() + " of its " + seen[0] + " records (record"
                            + (outside.size() == 1 ? " " : "s ") + which
                            + (outside.size() > NAMED_RECORDS ? ", ..." : "") + ") are for "
                            + String.join(", ", others) + ". Nothing was loaded: send only those stores' records,"
                            + " or push the others with a token that covers their stores.");
        }
    }

    /** A fact with a store column whose key holds the store (or has none: rows are only added), so no row of another store is replaced. */
    private static boolean keptPerStore(Contract contract) {
        return contract.isFact()
                && contract.column(STORE).isPresent()
                && (contract.key().isEmpty() || contract.key().contains(STORE));
    }

    private static List<String> perStoreDatasets(ContractRegistry contracts) {
        return contracts.all().stream()
                .filter(StoreScopedBatch::keptPerStore)
                .map(Contract::dataset)
                .sorted()
                .toList();
    }

    /** The store ids of the scope: its stores and every store of its areas, as the stores master data has them. */
    private static Set<String> stores(StoreScope scope, Warehouse warehouse) {
        return warehouse.withConnection(c -> Set.copyOf(Sql.on(c)
                .sql("SELECT store_id FROM stores WHERE " + scope.predicate("store_id", "?", "?"))
                .param(Sql.text(scope.storeList()))
                .param(Sql.text(scope.areaList()))
                .query(String.class)
                .list()));
    }

    private static void eachRecord(Path records, Consumer<JsonNode> each) {
        try (InputStream in = Files.newInputStream(records);
                JsonParser p = JSON.createParser(in)) {
            p.nextToken(); // the array the batch was copied into
            while (p.nextToken() == JsonToken.START_OBJECT) {
                each.accept(p.readValueAsTree()); // one record at a time: a batch is never held whole
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
