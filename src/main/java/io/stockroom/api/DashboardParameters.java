package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.metrics.DashboardFilter;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The common dashboard filters as query parameters, bound once for every metrics endpoint (and listed one by one in
 * the OpenAPI document, as {@code @ParameterObject}). What they mean: {@link DashboardFilter}.
 *
 * @param product the same filter as {@code sku} (a product is known by its SKU); both given must agree
 */
record DashboardParameters(
        String range,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        String store,
        String area,
        String department,
        String category,
        String sku,
        String product,
        String channel,
        String compare) {

    DashboardFilter filter() {
        return new DashboardFilter(
                range, from, to, store, area, department, category, sku(sku, product), channel, compare);
    }

    static String sku(String sku, String product) {
        if (sku != null && product != null && !sku.strip().equals(product.strip())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'product' ('" + product + "') differs from 'sku' ('" + sku
                            + "'); both name the product's SKU: give one.");
        }
        return sku != null ? sku : product;
    }
}
