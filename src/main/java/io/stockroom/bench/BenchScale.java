package io.stockroom.bench;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.time.LocalDate;

/**
 * The size of a benchmark chain.
 *
 * @param salesDensity share of store × SKU pairs with a sale on the day (0.2 → 2M rows at 500 × 20,000)
 */
public record BenchScale(int stores, int skus, double salesDensity, LocalDate day) {

    public BenchScale {
        if (stores < 1 || stores > 100_000) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "--stores must be between 1 and 100000; got " + stores + ".");
        }
        if (skus < 1 || skus > 10_000_000) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "--skus must be between 1 and 10000000; got " + skus + ".");
        }
    }

    public long inventoryRows() {
        return (long) stores * skus;
    }
}
