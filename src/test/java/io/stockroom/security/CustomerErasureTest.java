package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A customer is found by the customer column, not by the same text in another cell. The erasure matched the id
 * anywhere in a quarantined row and as any whole cell of a raw file's line: erasing customer 2 rewrote another
 * customer's quantity of 2 and SKU 2 in the raw lake (the source every replay reads) and counted their quarantined
 * rows as the customer's.
 */
class CustomerErasureTest {

    @TempDir
    Path dir;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void onlyTheCustomersOwnRowsAreExportedAndRewritten() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            Path files = Files.createDirectories(dir.resolve("files"));
            TestWarehouse.ok(w.load(files, "orders_2026-03-01.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O1,2026-03-01 10:00:00,2,K1,1,1.12
                    O2,2026-03-01 11:00:00,14000,2,2,1.12
                    O3,2026-03-01 12:00:00,12,K1,2,1.12
                    O4,not a time,2,K1,1,1.12
                    O5,not a time,12,2,2,1.12
                    O6,2026-03-01 13:00:00,22,K2,1,2.00
                    O7,2026-03-01 14:00:00,23,K2,1,2.00
                    O8,2026-03-01 15:00:00,24,K2,1,2.00
                    O9,2026-03-01 16:00:00,25,K2,1,2.00
                    O10,2026-03-01 17:00:00,26,K2,1,2.00
                    """, 0.5));
            CustomerPrivacy privacy = Dpo.signedIn(w);

            CustomerPrivacy.CustomerExport export = privacy.export("2");
            assertThat(export.orders()).hasSize(1);
            assertThat(export.quarantinedRows())
                    .as("O4 is the customer's; O5 (customer 12, SKU 2, quantity 2) is not")
                    .isEqualTo(1);
            assertThat(export.rawFiles()).hasSize(1);
            assertThat(export.rawFilesNotChecked()).isEmpty();
            Path raw = w.warehouse.dataDir().resolve(export.rawFiles().getFirst());
            String before = Files.readString(raw, StandardCharsets.UTF_8);

            CustomerPrivacy.Erasure erased = privacy.erase("2");

            String pseudonym = erased.pseudonym();
            assertThat(erased.orders()).isEqualTo(1);
            assertThat(erased.quarantinedRows()).isEqualTo(1);
            assertThat(erased.rawFilesRewritten())
                    .containsExactly(export.rawFiles().getFirst());
            String after = Files.readString(raw, StandardCharsets.UTF_8);
            assertThat(after)
                    .isEqualTo(before.replace("O1,2026-03-01 10:00:00,2,", "O1,2026-03-01 10:00:00," + pseudonym + ",")
                            .replace("O4,not a time,2,", "O4,not a time," + pseudonym + ","));
            assertThat(w.strings("SELECT raw_values FROM quarantine ORDER BY source_line"))
                    .as("the other customer's quarantined row is untouched")
                    .anySatisfy(v ->
                            assertThat(v).contains("\"12\"").contains("\"2\"").doesNotContain(pseudonym))
                    .anySatisfy(v -> assertThat(v).contains(pseudonym).contains("O4"));
            assertThat(w.count("SELECT COUNT(*) FROM orders WHERE customer_id = '14000' AND sku = '2'"))
                    .isEqualTo(1);
            assertThat(privacy.export("2").quarantinedRows()).isZero();
            assertThat(privacy.export("2").rawFiles()).isEmpty();
        }
    }
}
