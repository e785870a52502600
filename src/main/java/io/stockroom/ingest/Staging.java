package io.stockroom.ingest;

import io.stockroom.ingest.format.DecodedFile;
import io.stockroom.quality.CheckPlan;
import io.stockroom.warehouse.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads a decoded file into the text staging table __stg (one VARCHAR column per header + __line): the engine's operation. */
final class Staging {

    private Staging() {}

    record Staged(List<String> headers, long malformedLines) {}

    static Staged stage(Connection c, Dialect dialect, DecodedFile file) throws SQLException {
        Dialect.Staged staged = dialect.stage(
                c,
                CheckPlan.STAGING,
                CheckPlan.LINE,
                new Dialect.TextFile(
                        file.readable(),
                        file.delimiter(),
                        file.gzip(),
                        file.header(),
                        file.quotedNewlines(),
                        file.parquet()));
        // the JSON converter's marker column is read by the checks, never shown, mapped or kept as a raw value
        return new Staged(
                staged.headers().stream()
                        .filter(h -> !CheckPlan.NESTED.equals(h))
                        .toList(),
                staged.malformedLines());
    }
}
