package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** With nothing configured, stockroom.replenishment.* binds to the documented defaults; each key can be overridden. */
class ReplenishmentPropertiesTest {

    private static ReplenishmentProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("stockroom.replenishment", ReplenishmentProperties.class);
    }

    @Test
    void defaultsWithNothingConfigured() {
        ReplenishmentProperties p = bind(Map.of());
        assertThat(p).isEqualTo(ReplenishmentProperties.defaults());
        assertThat(p.demandWindowDays()).isEqualTo(28);
        assertThat(p.classes().aServiceLevel()).isEqualByComparingTo("0.98");
        assertThat(p.classes().cMaxWeeksOfSupply()).isEqualByComparingTo("4");
        assertThat(p.abcScope()).isEqualTo(ReplenishmentProperties.AbcScope.STORE);
        assertThat(p.staleInventoryAfterDays()).isEqualTo(1);
        assertThat(p.rebuildBatchDays()).isEqualTo(14);
    }

    @Test
    void theRebuildsBatchOfDatesIsAtLeastADay() {
        assertThat(bind(Map.of("stockroom.replenishment.rebuild-batch-days", "7"))
                        .rebuildBatchDays())
                .isEqualTo(7);
        assertThatThrownBy(() -> bind(Map.of("stockroom.replenishment.rebuild-batch-days", "0")))
                .hasRootCauseMessage("stockroom.replenishment.rebuild-batch-days must be at least 1 (days of facts a"
                        + " full rebuild of the demand statistics reads at a time; 14 by default), got 0");
    }

    @Test
    void overrides() {
        ReplenishmentProperties p = bind(Map.of(
                "stockroom.replenishment.abc-scope",
                "chain",
                "stockroom.replenishment.classes.b-service-level",
                "0.97",
                "stockroom.replenishment.po-grouping",
                "supplier",
                "stockroom.replenishment.top-up-below-min-order-value",
                "true"));
        assertThat(p.abcScope()).isEqualTo(ReplenishmentProperties.AbcScope.CHAIN);
        assertThat(p.classes().bServiceLevel()).isEqualByComparingTo(new BigDecimal("0.97"));
        assertThat(p.poGrouping()).isEqualTo(ReplenishmentProperties.PoGrouping.SUPPLIER);
        assertThat(p.topUpBelowMinOrderValue()).isTrue();
        assertThatThrownBy(() -> bind(Map.of("stockroom.replenishment.class-a-share", "0.99")))
                .hasRootCauseMessage(
                        "stockroom.replenishment: need 0 < class-a-share <= class-b-share <= 1, got 0.99 and 0.95");
    }

    @Test
    void aClassMayTakeAFillRateTarget() {
        assertThat(bind(Map.of()).classes().measure('A')).isEqualTo(ServiceMeasure.CYCLE);
        ReplenishmentProperties p = bind(Map.of(
                "stockroom.replenishment.classes.c-service-measure",
                "fill-rate",
                "stockroom.replenishment.classes.a-service-measure",
                "FILL_RATE"));
        assertThat(p.classes().measure('A')).isEqualTo(ServiceMeasure.FILL_RATE);
        assertThat(p.classes().measure('B')).isEqualTo(ServiceMeasure.CYCLE);
        assertThat(p.classes().measure('C')).isEqualTo(ServiceMeasure.FILL_RATE);
        assertThat(p.classes().cServiceMeasure()).isEqualTo("fill-rate");
        assertThatThrownBy(() -> bind(Map.of("stockroom.replenishment.classes.b-service-measure", "fillrate")))
                .hasRootCauseMessage(
                        "stockroom.replenishment.classes.b-service-measure must be cycle (cycle service "
                                + "level) or fill-rate (share of units served from the shelf), got 'fillrate'. The default is cycle.");
    }
}
