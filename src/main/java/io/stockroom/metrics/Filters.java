package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/** The values the dashboard filters offer, and the business dates with sales. */
public record Filters(
        List<String> areas,
        List<StoreRef> stores,
        List<String> departments,
        List<CategoryRef> categories,
        DateBounds dateRange) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoreRef(String storeId, String name, String area) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CategoryRef(String department, String category) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DateBounds(LocalDate min, LocalDate max) {}
}
