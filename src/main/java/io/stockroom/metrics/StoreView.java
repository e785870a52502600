package io.stockroom.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A store as the dashboards list it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoreView(String storeId, String name, String area, String region) {}
