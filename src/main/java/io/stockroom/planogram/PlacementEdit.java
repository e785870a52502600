package io.stockroom.planogram;

import java.time.LocalDate;

/**
 * A merchandiser's change to one SKU's placement on a fixture, effective {@code validFrom} (today when empty). The
 * version in place that day is closed the day before (or corrected, when it starts that same day); nothing is deleted.
 */
public record PlacementEdit(
        String storeId,
        String fixtureId,
        String sku,
        LocalDate validFrom,
        LocalDate validTo,
        String section,
        Integer shelf,
        Integer position,
        Integer facings,
        Integer capacity,
        Integer presentationMin) {}
