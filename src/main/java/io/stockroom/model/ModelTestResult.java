package io.stockroom.model;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one model test.
 *
 * @param model       the model tested
 * @param test        the test as written in the model header, e.g. {@code unique(business_date, store_id)}
 * @param failingRows rows that break it (for a reconciliation: 1 when the totals differ)
 * @param detail      what was found, in words
 */
public record ModelTestResult(String model, String test, long failingRows, String detail) {

    public ModelTestResult {
        requireNonNull(model, "model is null");
        requireNonNull(test, "test is null");
        requireNonNull(detail, "detail is null");
    }

    public boolean passed() {
        return failingRows == 0;
    }
}
