package io.stockroom.demo;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The size and seed of a demo chain. Invalid sizes are rejected with a message naming the command-line flag.
 *
 * @param seed the same seed writes byte-identical files
 * @param stores number of stores (1–500)
 * @param areas number of areas the stores are grouped in (1–7, at most one per store)
 * @param skus number of SKUs (20–200,000)
 * @param suppliers number of suppliers (1–50)
 * @param days days of daily files (1–3,660), ending at {@code endDate}
 * @param endDate the last business date written
 */
public record ChainSpec(long seed, int stores, int areas, int skus, int suppliers, int days, LocalDate endDate) {

    public static final long DEFAULT_SEED = 42;
    /** The store × SKU pairs simulated every day are held in memory; this keeps it to a few hundred MB. */
    public static final long MAX_STORE_SKUS = 5_000_000;

    static final int MAX_AREAS = 7;

    public ChainSpec {
        range("--stores", stores, 1, 500);
        range("--areas", areas, 1, Math.min(MAX_AREAS, stores));
        range("--skus", skus, 20, 200_000);
        range("--suppliers", suppliers, 1, 50);
        range("--days", days, 1, 3_660);
        if ((long) stores * skus > MAX_STORE_SKUS) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameters '--stores' × '--skus' must be at most "
                            + String.format(Locale.ROOT, "%,d", MAX_STORE_SKUS) + " store-SKU pairs, got "
                            + String.format(Locale.ROOT, "%,d", (long) stores * skus)
                            + ". Lower --stores or --skus.");
        }
        if (endDate == null) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "Parameter '--end-date' is required (YYYY-MM-DD).");
        }
        if (endDate.minusDays(days - 1L).isBefore(LocalDate.of(2000, 1, 1))) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '--end-date' " + endDate + " with --days " + days
                            + " starts before 2000-01-01, which the pipeline rejects as too old. Choose a later --end-date or fewer --days.");
        }
    }

    /** 12 stores in 3 areas, 1,500 SKUs, 8 suppliers, 120 days up to {@code endDate}, seed 42. */
    public static ChainSpec defaults(LocalDate endDate) {
        return new ChainSpec(DEFAULT_SEED, 12, 3, 1_500, 8, 120, endDate);
    }

    public LocalDate firstDate() {
        return endDate.minusDays(days - 1L);
    }

    public ChainSpec withSeed(long newSeed) {
        return new ChainSpec(newSeed, stores, areas, skus, suppliers, days, endDate);
    }

    private static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            String hint = flag.equals("--areas") && value > min && max < MAX_AREAS
                    ? " (an area needs at least one store)"
                    : "";
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + flag + "' must be between " + min + " and " + max + hint + ", got " + value + ".");
        }
    }
}
