package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.metrics.KpiReport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The demo's closing summary never shows a partly counted KPI as the whole chain's. */
class DemoSummaryTest {

    private static KpiReport.Kpi kpi(String formatted, BigDecimal coverage, String note) {
        return new KpiReport.Kpi(
                new BigDecimal("478"),
                new BigDecimal("471"),
                new BigDecimal("1.5"),
                null,
                "count",
                formatted,
                "471",
                true,
                coverage,
                note);
    }

    @Test
    void aKpiCountedForPartOfTheSalesSaysWhichPart() {
        String note = "Counts the baskets of 0.89% of net sales: the other stores report transactions per item only, "
                + "which cannot be added up into baskets.";

        String partial = DemoSummary.line("transactions", kpi("478", new BigDecimal("0.89"), note));
        String whole = DemoSummary.line("transactions", kpi("478", new BigDecimal("100"), null));

        assertThat(partial)
                .startsWith("  transactions        478            ▲ +1.5%")
                .contains("↳ Counts the baskets of 0.89% of net sales")
                .hasLineCount(2);
        assertThat(whole).doesNotContain("↳").hasLineCount(1);
    }

    @Test
    void aKpiWithoutAValueIsNotAvailableWithItsReason() {
        KpiReport.Kpi none = new KpiReport.Kpi(
                null,
                null,
                null,
                null,
                "money",
                null,
                null,
                false,
                null,
                "Not available: no labour hours were loaded for this range. Send labour files.");

        assertThat(DemoSummary.line("sales / labour hour", none))
                .isEqualTo("  sales / labour hour not available (no labour hours were loaded for this range.)"
                        + System.lineSeparator());
    }
}
