package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockroom.metrics.DashboardFilter.Period;
import java.math.BigDecimal;

/** Headline KPIs for a period next to the period they are compared with. */
public record KpiReport(Period range, Period comparison, Kpis kpis) {

    /** Money in the data's currency; percentages 0..100; change_pct is the relative change in %. */
    public record Kpis(Kpi netSales, Kpi units, Kpi transactions, Kpi aov, Kpi grossMargin, Kpi grossMarginPct,
            Kpi salesPerLabourHour, Kpi labourPctOfSales, Kpi returns) {}

    /** One KPI; any part is null when it cannot be computed (no data, no costs, no labour, a zero denominator). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Kpi(BigDecimal value, BigDecimal previous, BigDecimal changePct) {
        static Kpi of(BigDecimal value, BigDecimal previous) {
            return new Kpi(value, previous, Numbers.change(value, previous));
        }
    }
}
