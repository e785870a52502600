package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-worked web shop of src/test/resources/online (see its README): day1's files in load order, then day2's
 * shipment update, each through the real ingest (contracts, checks, promotion).
 */
public final class OnlineFixture {

    public static final LocalDate DAY1 = LocalDate.of(2026, 3, 2);
    public static final LocalDate DAY2 = LocalDate.of(2026, 3, 3);
    private static final List<String> DAY1_FILES = List.of(
            "stores",
            "products",
            "suppliers",
            "supplier_products",
            "customers",
            "costs",
            "orders",
            "shipments",
            "support_conversations",
            "marketing_spend",
            "web_sessions",
            "receipts");

    private OnlineFixture() {}

    /** Loads both days; returns each feed by dataset (day2's shipments as "shipments_day2"). Every feed must load. */
    public static Map<String, FeedResult> load(IngestService ingest, Path work) {
        Map<String, FeedResult> out = new LinkedHashMap<>();
        for (String dataset : DAY1_FILES) {
            out.put(dataset, ingest(ingest, work, "day1", dataset, DAY1));
        }
        out.put("shipments_day2", ingest(ingest, work, "day2", "shipments", DAY2));
        return out;
    }

    /** The datasets loaded, in order. */
    public static List<String> datasets() {
        return new ArrayList<>(DAY1_FILES);
    }

    private static FeedResult ingest(IngestService ingest, Path work, String day, String dataset, LocalDate date) {
        try (InputStream in = OnlineFixture.class.getResourceAsStream("/online/" + day + "/" + dataset + ".csv")) {
            Path f = Files.createDirectories(work.resolve(day)).resolve(dataset + ".csv");
            Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            FeedResult r = ingest.ingest(f, IngestRequest.of(dataset + "_" + date + ".csv", dataset, date, "cli"));
            assertThat(r.status()).as("%s/%s: %s", day, dataset, r.summary()).isEqualTo(FeedStatus.TRANSFORMED);
            assertThat(r.recordsQuarantined())
                    .as("%s/%s quarantined: %s", day, dataset, r.summary())
                    .isZero();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
