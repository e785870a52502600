package io.stockroom.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.contract.Contract;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path's checks over rows already inserted in a fact table. A wrong "no duplicate" here would load a
 * repeated key, so the cheap proofs (bitmap per group, hash screen) are tested against the exact answer.
 */
class LoadedChecksTest {

    @TempDir
    Path dir;

    TestWarehouse w;
    Validator validator;

    @BeforeEach
    void masters() {
        w = new TestWarehouse(dir.resolve("data"));
        validator = new Validator(w.contracts, w.properties);
        sql("INSERT INTO stores (store_id, name) VALUES ('S1', 'One'), ('S2', 'Two')");
        sql("INSERT INTO products (sku, name) SELECT 'K' || CAST(i AS VARCHAR), 'P' FROM generate_series(1, 100) t(i)");
    }

    @AfterEach
    void close() {
        if (w != null) {
            w.close();
        }
    }

    @Test
    void theBitmapProofAndTheHashScreenAgreeWithExactGroupingOnRepeatedKeys() {
        // The same SKU in two stores and on two days is not a duplicate...
        load(
                1,
                "('S1', 'K1', DATE '2025-02-01', 5), ('S2', 'K1', DATE '2025-02-01', 5), ('S1', 'K1', DATE '2025-02-02', 5), ('S1', 'K2', DATE '2025-02-01', 5)");
        for (long rows : List.of(4L, 2_000_000L)) { // small: hash screen; big: bitmap proof first
            assertThat(check(1, rows)).as("rows hint %d", rows).isPresent();
        }
        // ...the same store, SKU and day is.
        load(
                2,
                "('S1', 'K1', DATE '2025-02-01', 5), ('S2', 'K1', DATE '2025-02-01', 5), ('S1', 'K1', DATE '2025-02-01', 7)");
        for (long rows : List.of(3L, 2_000_000L)) {
            assertThat(check(2, rows)).as("rows hint %d", rows).isEmpty();
        }
    }

    @Test
    void anUnknownStoreIsAWarningNotADuplicateWhicheverProofRuns() {
        // S9 is not a store: a warning (a placeholder is made), and not a duplicate of S1 selling the same SKU that
        // day.
        load(3, "('S9', 'K1', DATE '2025-02-01', 5), ('S1', 'K1', DATE '2025-02-01', 5)");
        Optional<ValidationOutcome> o = check(3, 2_000_000L);
        assertThat(o).isPresent();
        assertThat(o.get().warnRows()).isEqualTo(1);
        assertThat(o.get().failures().entrySet())
                .anyMatch(e -> e.getKey().code().equals("UNKNOWN_STORE_ID") && e.getValue() == 1);
    }

    @Test
    void paddedOrNullWordCodesSendTheFileToTheGeneralParsers() {
        load(4, "('S1 ', 'K1', DATE '2025-02-01', 5)");
        assertThat(check(4, 1)).isEmpty();
        load(5, "('S1', 'N/A', DATE '2025-02-01', 5)");
        assertThat(check(5, 1)).isEmpty();
        load(6, "('S1', 'K1', DATE '2025-02-01', -5)");
        assertThat(check(6, 1)).as("a warning only").isPresent();
        load(7, "('S1', 'K1', DATE '1999-02-01', 5)");
        assertThat(check(7, 1)).as("an error check").isEmpty();
    }

    private void load(long seq, String values) {
        sql("INSERT INTO inventory (store_id, sku, business_date, on_hand, load_seq) SELECT *, " + seq
                + " FROM (VALUES " + values + ")");
    }

    private Optional<ValidationOutcome> check(long seq, long rowsHint) {
        Contract inventory = w.contracts.get("inventory");
        HeaderMapping mapping =
                HeaderMapping.resolve(inventory, List.of("store_id", "sku", "date", "on_hand"), Map.of());
        return w.warehouse.withConnection(c -> validator.validateLoaded(
                c, inventory, mapping, "(SELECT * FROM inventory WHERE load_seq = " + seq + ")", rowsHint, false));
    }

    private void sql(String sql) {
        w.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }
}
