package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.pipeline.RunStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Where {@code stockroom runs} reads runs: the warehouse this process opened, or the API of the server that owns it. */
interface RunSource {

    /** The runs of {@code date} (null: every date), newest first. */
    List<RunStore.Run> list(LocalDate date, int limit);

    static RunSource of(RunStore store) {
        return (date, limit) -> store.list(date, limit); // not store::list: help builds the command with no store
    }

    /** No warehouse: the listing says where it was looked for. */
    static RunSource none(Path dataDir) {
        return (date, limit) -> {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No data directory " + dataDir.toAbsolutePath().normalize()
                            + ", so no warehouse and no runs. Check --data-dir (or STOCKROOM_DATA_DIR); 'stockroom"
                            + " run' or 'stockroom demo' creates it.");
        };
    }
}
