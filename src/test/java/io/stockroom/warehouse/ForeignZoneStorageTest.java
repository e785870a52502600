package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.IngestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A feed's times are stored as UTC date-times whatever the zone of the JVM that wrote them, so a data directory or
 * database moved to a machine in another zone (or a JVM started with {@code -Duser.timezone}) reads them as the same
 * instants. Before, they were the writing JVM's wall-clock time: a server in New York read a UTC process's feeds 5
 * hours late. Runs on the tests' engine (DuckDB, or PostgreSQL with -Dstockroom.test.engine=postgres). Isolated: it
 * sets the JVM's default zone, which no test running beside it may see.
 */
@Isolated
class ForeignZoneStorageTest {

    @TempDir
    Path dir;

    @Test
    void aFeedLoadedByAJvmInNewYorkIsStoredAsItsUtcDateTime() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            Path file = Files.writeString(dir.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
            TimeZone jvm = TimeZone.getDefault();
            Instant before = Instant.now().minusSeconds(1);
            try {
                TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
                w.ingest.ingest(file, IngestRequest.of("stores.csv", "stores", null, "upload"));
            } finally {
                TimeZone.setDefault(jvm);
            }
            Instant after = Instant.now().plusSeconds(1);
            List<String> stored = w.warehouse.withConnection(c -> Sql.on(c)
                    .sql("SELECT CAST(created_at AS VARCHAR) FROM feeds UNION ALL "
                            + "SELECT CAST(updated_at AS VARCHAR) FROM feeds")
                    .query(String.class)
                    .list());
            assertThat(stored)
                    .hasSize(2)
                    .allSatisfy(t -> assertThat(
                                    LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC))
                            .as("%s read as a UTC date-time", t)
                            .isBetween(before, after));
        }
    }
}
