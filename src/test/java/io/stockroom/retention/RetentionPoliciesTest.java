package io.stockroom.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.ContractRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A retention policy is checked before anything is removed: a wrong one stops the start with a message that says how to fix it. */
class RetentionPoliciesTest {

    static final ContractRegistry CONTRACTS = new ContractRegistry((java.nio.file.Path) null);

    static RetentionPolicies of(Map<String, RetentionProperties.Policy> datasets) {
        return RetentionPolicies.of(new RetentionProperties(datasets), CONTRACTS);
    }

    static RetentionProperties.Policy policy(Integer raw, Integer facts, Integer quarantine, Integer feeds) {
        return new RetentionProperties.Policy(raw, facts, quarantine, feeds);
    }

    @Test
    void nothingIsRemovedUnlessAPolicySaysSo() {
        RetentionPolicies none = RetentionPolicies.of(new RetentionProperties(null), CONTRACTS);
        for (String dataset : CONTRACTS.names()) {
            assertThat(none.of(dataset).removesAnything()).as(dataset).isFalse();
        }
    }

    @Test
    void aDatasetInheritsWhatItDoesNotSetFromDefault() {
        RetentionPolicies p = of(Map.of("default", policy(400, null, 90, null), "orders", policy(null, 730, 30, null)));
        assertThat(p.of("orders")).isEqualTo(new RetentionPolicies.Days(400, 730, 30, 0));
        assertThat(p.of("sales")).isEqualTo(new RetentionPolicies.Days(400, 0, 90, 0));
        assertThat(p.of("_unknown")).isEqualTo(new RetentionPolicies.Days(400, 0, 90, 0));
        // facts-days of default never reaches master data: its rows are not dated
        assertThat(of(Map.of("default", policy(null, 365, null, null)))
                        .of("products")
                        .facts())
                .isZero();
    }

    @Test
    void anUnknownDatasetIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> of(Map.of("order", policy(30, null, null, null))))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("stockroom.retention.datasets.order: there is no dataset 'order'")
                .hasMessageContaining("orders")
                .hasMessageContaining("'default'")
                .satisfies(e -> assertThat(((StockroomException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void factsDaysOnMasterDataAndNegativeDaysAreRefused() {
        assertThatThrownBy(() -> of(Map.of("products", policy(null, 30, null, null))))
                .hasMessageContaining("stockroom.retention.datasets.products.facts-days")
                .hasMessageContaining("master data");
        assertThatThrownBy(() -> of(Map.of("sales", policy(-1, null, null, null))))
                .hasMessageContaining("stockroom.retention.datasets.sales.raw-days is -1");
    }

    @Test
    void aFeedRecordCannotBeSetToGoBeforeItsData() {
        assertThatThrownBy(() -> of(Map.of("orders", policy(90, 90, 30, 60))))
                .hasMessageContaining(
                        "stockroom.retention.datasets.orders.feeds-days (60) is shorter than raw-days (90) and facts-days (90)");
        assertThatThrownBy(() -> of(Map.of("default", policy(null, null, null, 30))))
                .hasMessageContaining("datasets.default.feeds-days (30) is shorter than raw-days (for ever)");
        assertThat(of(Map.of("orders", policy(30, 60, 30, 90))).of("orders"))
                .isEqualTo(new RetentionPolicies.Days(30, 60, 30, 90));
    }
}
