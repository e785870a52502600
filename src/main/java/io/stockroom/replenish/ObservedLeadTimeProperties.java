package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How lead times are observed from the receipts ({@code stockroom.replenishment.observed-lead-time.*}, issue 13): a
 * supplier x SKU (or, pooled, a supplier) needs at least {@code minReceipts} receipts with an order date, received in
 * the {@code windowDays} up to the business date, before its observed mean and spread replace the configured lead time.
 * With at least {@code outlierMinReceipts} receipts, a receipt outside Q1 − 3·IQR .. Q3 + 3·IQR of the others is left
 * out as an outlier (a stray receipt would otherwise dominate the spread and the safety stock); the line names it.
 */
@ConfigurationProperties("stockroom.replenishment.observed-lead-time")
public record ObservedLeadTimeProperties(
        @DefaultValue("5") int minReceipts,
        @DefaultValue("365") int windowDays,
        @DefaultValue("8") int outlierMinReceipts) {

    public ObservedLeadTimeProperties {
        if (minReceipts < 2) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.replenishment.observed-lead-time.min-receipts must be at least 2 "
                            + "(a spread needs two receipts), got " + minReceipts + ". The default is 5.");
        }
        if (outlierMinReceipts < 4) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.replenishment.observed-lead-time.outlier-min-receipts must be at least 4 (quartiles need"
                            + " four receipts), got " + outlierMinReceipts
                            + ". The default is 8; a large value (e.g. 1000000) never leaves a receipt out.");
        }
        if (windowDays < 1) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "stockroom.replenishment.observed-lead-time.window-days must be at least 1, got " + windowDays
                            + ". The default is 365.");
        }
    }

    public static ObservedLeadTimeProperties defaults() {
        return new ObservedLeadTimeProperties(5, 365, 8);
    }
}
