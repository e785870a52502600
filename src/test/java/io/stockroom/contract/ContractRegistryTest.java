package io.stockroom.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractRegistryTest {

    @TempDir
    Path overrides;

    @Test
    void shipsAContractForEveryDatasetTheIssueNames() {
        ContractRegistry registry = new ContractRegistry(overrides);
        assertThat(registry.names())
                .contains(
                        "stores",
                        "products",
                        "suppliers",
                        "supplier_products",
                        "replenishment_rules",
                        "sales",
                        "inventory",
                        "orders",
                        "labour");
        assertThat(registry.get("sales").kind()).isEqualTo(DatasetKind.FACT);
        assertThat(registry.get("products").kind()).isEqualTo(DatasetKind.MASTER);
    }

    @Test
    void headerAliasesIgnoreCaseSpacesAndUnderscores() {
        ColumnSpec store =
                new ContractRegistry(overrides).get("sales").column("store_id").orElseThrow();
        assertThat(store.matchesHeader("Store")).isTrue();
        assertThat(store.matchesHeader("store_id")).isTrue();
        assertThat(store.matchesHeader("StoreID")).isTrue();
        assertThat(store.matchesHeader("Store Number")).isTrue();
        assertThat(store.matchesHeader("STORE-NO")).isTrue();
        assertThat(store.matchesHeader("sku")).isFalse();
    }

    @Test
    void anOverrideFileReplacesTheShippedContract() throws Exception {
        Files.writeString(overrides.resolve("labour.yaml"), """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                slice: [business_date]
                columns:
                  - {name: store_id, type: code, required: true, aliases: [Filiale]}
                  - {name: business_date, type: date, required: true, aliases: [Datum]}
                  - {name: hours, type: decimal, required: true, aliases: [Stunden]}
                """);
        Contract labour = new ContractRegistry(overrides).get("labour");
        assertThat(labour.column("hours").orElseThrow().matchesHeader("Stunden"))
                .isTrue();
        assertThat(labour.slice()).containsExactly("business_date");
    }

    @Test
    void aBrokenOverrideSaysWhichFileAndFieldIsWrong() throws Exception {
        Files.writeString(overrides.resolve("sales.yaml"), """
                dataset: sales
                kind: fact
                table: sales
                date_column: business_date
                columns:
                  - {name: business_date, type: datetime}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("sales.yaml")
                .hasMessageContaining("type 'datetime' is not one of");
    }

    @Test
    void aReferenceToAnUndeclaredColumnIsRejected() throws Exception {
        Files.writeString(overrides.resolve("labour.yaml"), """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                columns:
                  - {name: store_id, type: code, references: {dataset: stores, column: shop_code}}
                  - {name: business_date, type: date}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides)).hasMessageContaining("stores.shop_code");
    }

    @Test
    void wholeRowChecksAndValidityAreReadAndTheirMistakesNamed() throws Exception {
        Contract placements = new ContractRegistry(overrides).get("placements");
        assertThat(placements.checks())
                .extracting(RowCheck::code)
                .contains("CAPACITY_BELOW_FACINGS", "POSITION_TAKEN", "SHELF_BEYOND_FIXTURE");
        assertThat(placements.validity().per()).containsExactly("store_id", "fixture_id", "sku");

        Files.writeString(overrides.resolve("placements.yaml"), """
                dataset: placements
                kind: master
                table: placements
                key: [store_id]
                validity: {from: valid_from, to: valid_to, per: [store_id]}
                columns:
                  - {name: store_id, type: code}
                  - {name: valid_from, type: date}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .hasMessageContaining("placements.yaml")
                .hasMessageContaining("'valid_to' in validity");

        Files.writeString(overrides.resolve("placements.yaml"), """
                dataset: placements
                kind: master
                table: placements
                key: [store_id]
                checks:
                  - {code: TOO_BIG, when: "t.store_id = 'x'", message: "no x", colour: red}
                columns:
                  - {name: store_id, type: code}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .hasMessageContaining("check 'TOO_BIG' has unknown field 'colour'");
    }

    @Test
    void eventDatasetsAllowAnEmptyDayAndStoreDayFactsDoNot() {
        ContractRegistry registry = new ContractRegistry(overrides);
        assertThat(registry.all().stream()
                        .filter(Contract::emptyDayValid)
                        .map(Contract::dataset)
                        .sorted())
                .containsExactly("marketing_spend", "orders", "receipts", "shipments", "support_conversations");
    }

    @Test
    void anEmptyDayOnlyForAFactSlicedByDateAlone() throws Exception {
        Files.writeString(overrides.resolve("labour.yaml"), """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                slice: [business_date, store_id]
                empty_day: valid
                columns:
                  - {name: store_id, type: code, required: true}
                  - {name: business_date, type: date, required: true}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .hasMessageContaining("labour.yaml")
                .hasMessageContaining("finer than the day")
                .hasMessageContaining("names no store_id");
        Files.writeString(overrides.resolve("labour.yaml"), """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                slice: [business_date]
                empty_day: sometimes
                columns:
                  - {name: business_date, type: date, required: true}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .hasMessageContaining("empty_day 'sometimes' is not one of [valid, refused]");
    }

    @Test
    void anOrderLineIsItsOrderProductQuantityAndPriceAndAnIdentityIsOnlyForAFactWithoutAKey() throws Exception {
        assertThat(new ContractRegistry(overrides).get("orders").identity())
                .as("its text (description, customer, country) is not what makes it the same line")
                .containsExactly("order_id", "ordered_at", "line_number", "sku", "quantity", "unit_price");
        Files.writeString(overrides.resolve("labour.yaml"), """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                key: [store_id, business_date]
                identity: [store_id]
                columns:
                  - {name: store_id, type: code, required: true}
                  - {name: business_date, type: date, required: true}
                """);
        assertThatThrownBy(() -> new ContractRegistry(overrides))
                .hasMessageContaining("labour.yaml")
                .hasMessageContaining("has an identity but also a key");
    }

    @Test
    void nullWordsAreTheColumnsOwnElseTheFeedsElseTheTypesAndAMistakeInThemIsNamed() throws Exception {
        Contract stores = new ContractRegistry(overrides).get("stores");
        ColumnSpec region = stores.column("region").orElseThrow();
        assertThat(stores.nullWords(region).words())
                .as("a text column keeps NA, None, nil and NaN as values")
                .containsExactly("NULL", "null", "Null", "N/A", "n/a", "#N/A");
        assertThat(stores.nullWords(stores.column("store_id").orElseThrow()).words())
                .contains("NA", "None", "nil", "NaN");
        assertThat(stores.nullWords(stores.column("opened_on").orElseThrow()).words())
                .contains("NA");
        String labour = """
                dataset: labour
                kind: fact
                table: labour
                date_column: business_date
                %s
                columns:
                  - {name: store_id, type: code, required: true%s}
                  - {name: business_date, type: date, required: true}
                  - {name: hours, type: decimal}
                """;
        Files.writeString(
                overrides.resolve("labour.yaml"), labour.formatted("null_words: ['-', 'NULL']", ", null_words: []"));
        Contract declared = new ContractRegistry(overrides).get("labour");
        assertThat(declared.nullWords(declared.column("hours").orElseThrow()).words())
                .containsExactly("-", "NULL");
        assertThat(declared.nullWords(declared.column("store_id").orElseThrow()).words())
                .as("only an empty cell")
                .isEmpty();

        for (String[] mistake : new String[][] {
            {"null_words: [null, N/A]", "", "null_words has a YAML null (a bare null)", "in quotes"},
            {"null_words: NA", "", "null_words must be a list of words in quotes", "null_words: ['NULL', 'N/A']"},
            {"null_words: ['']", "", "null_words has an empty word", "an empty cell is always no value"},
            {"null_words: [' NA']", "", "has ' NA' with spaces around it", "write it as 'NA'"},
            {"null_words: ['NA', 'NA']", "", "null_words lists 'NA' twice", "labour.yaml"},
            {"", ", null_words: [0]", "column 'store_id' null_words has '0'", "in quotes"},
        }) {
            Files.writeString(overrides.resolve("labour.yaml"), labour.formatted(mistake[0], mistake[1]));
            assertThatThrownBy(() -> new ContractRegistry(overrides))
                    .as(mistake[0] + mistake[1])
                    .isInstanceOf(StockroomException.class)
                    .hasMessageContaining(mistake[2])
                    .hasMessageContaining(mistake[3]);
        }
    }
}
