package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** The best SKUs of the range by net sales, units or gross margin. */
public record TopProducts(DashboardFilter.Period range, List<Item> items) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(
            String sku,
            String name,
            String department,
            String category,
            BigDecimal units,
            BigDecimal netSales,
            BigDecimal grossMargin,
            BigDecimal grossMarginPct) {}
}
