package io.stockroom.planogram;

import java.time.LocalDate;

/**
 * One placement version: a SKU on a store's fixture from {@code validFrom} to {@code validTo} (inclusive; null = still in
 * place). {@code source} is the feed that loaded it, or {@code edit} for a change made through the API.
 *
 * @param daysOfSupply days the shelf capacity lasts at this placement's share of the SKU's average daily sales of the last
 *     28 days (1/n of them for a SKU on n placements in the store); null when there is no capacity or no sale to divide by
 */
public record Placement(
        String storeId,
        String fixtureId,
        String sku,
        String productName,
        LocalDate validFrom,
        LocalDate validTo,
        String section,
        Integer shelf,
        Integer position,
        Integer facings,
        Integer capacity,
        Integer presentationMin,
        String source,
        String displayZone,
        String fixtureType,
        Double daysOfSupply) {}
