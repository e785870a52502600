package io.stockroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.testdata.RetailFixture;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refresh reads a fact's first and last date once; a model's table, which the refresh writes, each time. */
class SourceDatesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    @TempDir
    Path dataDir;

    private Warehouse warehouse;
    private RetailFixture fx;

    @BeforeEach
    void open() {
        warehouse = RetailFixture.openWarehouse(dataDir);
        fx = new RetailFixture(warehouse);
        new ModelRunner(warehouse).refresh(java.util.Set.of(DAY)); // the models' tables
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void aFactIsReadOnceAndAModelTableEachTime() {
        SourceDates dates = new SourceDates(name -> name.startsWith("mart_"));
        addSnapshot("A", DAY);
        fx.execute("INSERT INTO mart_store_days (dataset, store_id, business_date) VALUES ('inventory', 'S1', ?)", DAY);

        SourceDates.Span inventory = span(dates, "inventory");
        SourceDates.Span storeDays = span(dates, "mart_store_days");
        assertThat(inventory).isEqualTo(new SourceDates.Span(DAY, DAY));
        assertThat(storeDays).isEqualTo(new SourceDates.Span(DAY, DAY));

        addSnapshot("B", DAY.plusDays(1));
        fx.execute(
                "INSERT INTO mart_store_days (dataset, store_id, business_date) VALUES ('inventory', 'S1', ?)",
                DAY.plusDays(1));
        assertThat(span(dates, "inventory")).isEqualTo(new SourceDates.Span(DAY, DAY));
        assertThat(span(dates, "mart_store_days")).isEqualTo(new SourceDates.Span(DAY, DAY.plusDays(1)));
        assertThat(span(new SourceDates(name -> false), "inventory"))
                .isEqualTo(new SourceDates.Span(DAY, DAY.plusDays(1)));
    }

    @Test
    void anEmptyTableHasNoDates() {
        SourceDates dates = new SourceDates(name -> false);
        assertThat(span(dates, "inventory")).isEqualTo(new SourceDates.Span(null, null));
    }

    private SourceDates.Span span(SourceDates dates, String table) {
        return warehouse.withConnection(c -> dates.of(c, table, "business_date"));
    }

    private void addSnapshot(String sku, LocalDate day) {
        fx.execute("INSERT INTO inventory VALUES ('S1', ?, ?, 4, 0, 0, NULL)", sku, day);
    }
}
