package io.stockroom.planogram;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.ValidationReport;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Versions;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes placements one at a time (the Planogram page, the API): the change is checked by the placements contract
 * exactly as a file row would be, then written in one transaction that closes the version it replaces and records
 * the change with before/after in the audit log.
 */
@Service
public class PlacementEditor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "store_id,fixture_id,sku,valid_from,valid_to,section,shelf,position,facings,capacity,presentation_min";
    private static final String SELECT_VERSION = """
            SELECT pl.store_id, pl.fixture_id, pl.sku, p.name, pl.valid_from, pl.valid_to, pl.section, pl.shelf, pl.position, pl.facings,
                   pl.capacity, pl.presentation_min, pl.feed_id, f.display_zone, f.fixture_type, CAST(NULL AS DECIMAL(18,3))
            FROM placements pl
            LEFT JOIN products p ON p.sku = pl.sku
            LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
            WHERE pl.store_id = ? AND pl.fixture_id = ? AND pl.sku = ? AND pl.valid_from <= ? AND (pl.valid_to IS NULL OR pl.valid_to >= ?)""";

    /** What a change did, or why it was refused. */
    public sealed interface Outcome {}

    /** The version in place before (null for a new placement) and the one in place from the change on. */
    public record Saved(Placement before, Placement after) implements Outcome {}

    /** The change broke the contract's checks; nothing was written. */
    public record Rejected(List<Problem> problems) implements Outcome {}

    /** One reason a change was refused: the column (null for the whole row), a stable code and what to do. */
    public record Problem(String column, String code, String message) {}

    private final Warehouse warehouse;
    private final IngestService ingest;
    private final ContractRegistry contracts;
    private final PlanogramService planogram;

    public PlacementEditor(
            Warehouse warehouse, IngestService ingest, ContractRegistry contracts, PlanogramService planogram) {
        this.warehouse = warehouse;
        this.ingest = ingest;
        this.contracts = contracts;
        this.planogram = planogram;
    }

    public Outcome save(PlacementEdit edit) {
        PlacementEdit e = withDefaults(edit);
        requireVisible(e.storeId());
        List<Problem> problems = check(e);
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        Contract contract = contracts.get("placements");
        Saved saved = warehouse.inTransaction(c -> {
            Placement before = version(c, e.storeId(), e.fixtureId(), e.sku(), e.validFrom());
            if (before != null && before.validFrom().equals(e.validFrom())) {
                update(
                        c,
                        e); // a second change on the same day corrects that day's version (the audit row keeps what it
                // was)
            } else {
                insert(c, e);
            }
            JdbcTemplate ddl = Sql.template(c);
            // the common subset: PostgreSQL has no CREATE OR REPLACE TABLE
            ddl.execute("DROP TABLE IF EXISTS __touched");
            ddl.execute("CREATE TEMP TABLE __touched (store_id VARCHAR, fixture_id VARCHAR, sku VARCHAR)");
            Sql.on(c)
                    .sql("INSERT INTO __touched VALUES (?, ?, ?)")
                    .param(Sql.text(e.storeId()))
                    .param(Sql.text(e.fixtureId()))
                    .param(Sql.text(e.sku()))
                    .update();
            Versions.closeSuperseded(c, contract, "__touched");
            ddl.execute("DROP TABLE __touched");
            Placement after = version(c, e.storeId(), e.fixtureId(), e.sku(), e.validFrom());
            AuditTrail.write(
                    c,
                    AuditTrail.Entry.write(
                            before == null ? "placement_add" : "placement_change",
                            "placement",
                            entityId(e),
                            before,
                            after,
                            1L));
            recordChange(c, e.validFrom());
            return new Saved(before, after);
        });
        planogram.placementsChanged();
        return saved;
    }

    /**
     * Tells the model runner from which business date the placements changed (master_changes, as a master load does), so
     * the marts that read placements (mart_space_daily) are recomputed from there on, not over the whole history.
     */
    private static void recordChange(Connection c, LocalDate from) {
        Sql.on(c)
                .sql(
                        "INSERT INTO master_changes (change_id, source, effective_from, keys_changed, feed_id, changed_at) "
                                + "SELECT nextval('master_change_ids'), 'placements', ?, 1, 'edit', ?")
                .param(Sql.date(from))
                .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                .update();
    }

    /** Takes a SKU off a fixture: the version in place on {@code lastDay} ends that day. */
    public Saved end(String store, String fixture, String sku, LocalDate lastDay) {
        if (store == null || fixture == null || sku == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "store_id, fixture_id and sku are required to end a placement.");
        }
        LocalDate day = lastDay != null ? lastDay : planogram.today();
        requireVisible(store);
        Saved saved = warehouse.inTransaction(c -> {
            Placement before = version(c, store, fixture, sku, day);
            if (before == null) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "SKU " + sku + " has no placement on " + store + " " + fixture + " on " + day
                                + "; GET /api/v1/planogram/placements lists what is in place.");
            }
            Sql.on(c)
                    .sql(
                            "UPDATE placements SET valid_to = ?, updated_at = ? WHERE store_id = ? AND fixture_id = ? AND sku = ? "
                                    + "AND valid_from = ?")
                    .param(Sql.date(day))
                    .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                    .param(Sql.text(store))
                    .param(Sql.text(fixture))
                    .param(Sql.text(sku))
                    .param(Sql.date(before.validFrom()))
                    .update();
            Placement after = version(c, store, fixture, sku, day);
            AuditTrail.write(
                    c,
                    AuditTrail.Entry.write(
                            "placement_end", "placement", store + "/" + fixture + "/" + sku, before, after, 1L));
            withdrawLater(c, store, fixture, sku, day);
            recordChange(c, day);
            return new Saved(before, after);
        });
        planogram.placementsChanged();
        return saved;
    }

    /**
     * The versions of the placement that start after its last day (a change planned for next week, or one recorded
     * after the day a past end is dated) are withdrawn, each audited with what it was: left in place, they put the SKU
     * back on the fixture the page said it was taken off.
     */
    private static void withdrawLater(Connection c, String store, String fixture, String sku, LocalDate lastDay) {
        List<LocalDate> starts = Sql.on(c)
                .sql("SELECT valid_from FROM placements WHERE store_id = ? AND fixture_id = ? AND sku = ? "
                        + "AND valid_from > ? ORDER BY valid_from")
                .param(Sql.text(store))
                .param(Sql.text(fixture))
                .param(Sql.text(sku))
                .param(Sql.date(lastDay))
                .query((r, i) -> r.getDate(1).toLocalDate())
                .list();
        for (LocalDate start : starts) {
            Placement later = version(c, store, fixture, sku, start);
            Sql.on(c)
                    .sql("DELETE FROM placements WHERE store_id = ? AND fixture_id = ? AND sku = ? AND valid_from = ?")
                    .param(Sql.text(store))
                    .param(Sql.text(fixture))
                    .param(Sql.text(sku))
                    .param(Sql.date(start))
                    .update();
            AuditTrail.write(
                    c,
                    AuditTrail.Entry.write(
                            "placement_end", "placement", store + "/" + fixture + "/" + sku, later, null, 1L));
        }
    }

    /** The placements contract's checks over the change, as one row of a file (nothing is written anywhere). */
    List<Problem> check(PlacementEdit e) {
        Path file = null;
        try {
            Path tmp = warehouse.dataDir().resolve("tmp");
            Files.createDirectories(tmp);
            file = Files.createTempFile(tmp, "placement-edit-", ".csv");
            Files.writeString(
                    file,
                    COLUMNS + "\n"
                            + Stream.of(
                                            e.storeId(),
                                            e.fixtureId(),
                                            e.sku(),
                                            e.validFrom(),
                                            e.validTo(),
                                            e.section(),
                                            e.shelf(),
                                            e.position(),
                                            e.facings(),
                                            e.capacity(),
                                            e.presentationMin())
                                    .map(PlacementEditor::cell)
                                    .collect(Collectors.joining(","))
                            + "\n",
                    StandardCharsets.UTF_8);
            ValidationReport report =
                    ingest.validate(file, IngestRequest.of("placement-edit.csv", "placements", null, "api"));
            List<Problem> problems = new ArrayList<>();
            if (report.failure() != null && report.quarantined() == 0) {
                problems.add(new Problem(null, "INVALID", report.failure()));
            }
            report.sample().forEach(row -> {
                for (JsonNode reason : JSON.readTree(row.reasons())) {
                    problems.add(new Problem(
                            reason.path("column").isNull()
                                    ? null
                                    : reason.path("column").asString(null),
                            reason.path("code").asString(),
                            reason.path("message").asString()));
                }
            });
            return problems;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private PlacementEdit withDefaults(PlacementEdit e) {
        if (e == null || blank(e.storeId()) || blank(e.fixtureId()) || blank(e.sku())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "store_id, fixture_id and sku are required: which SKU goes on which store's fixture.");
        }
        return new PlacementEdit(
                e.storeId().strip(),
                e.fixtureId().strip(),
                e.sku().strip(),
                e.validFrom() != null ? e.validFrom() : planogram.today(),
                e.validTo(),
                blank(e.section()) ? null : e.section().strip(),
                e.shelf(),
                e.position(),
                e.facings(),
                e.capacity(),
                e.presentationMin());
    }

    private void requireVisible(String store) {
        if (!planogram.visible(store)) {
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    "Store '" + store + "' is not one of your stores (or does not exist); "
                            + "you can change placements only in the stores you are assigned.");
        }
    }

    private static Placement version(Connection c, String store, String fixture, String sku, LocalDate day) {
        return Sql.on(c)
                .sql(SELECT_VERSION)
                .param(Sql.text(store))
                .param(Sql.text(fixture))
                .param(Sql.text(sku))
                .param(Sql.date(day))
                .param(Sql.date(day))
                .query((ResultSet r) -> Optional.ofNullable(r.next() ? PlanogramService.placement(r, 0) : null))
                .orElse(null);
    }

    private static void insert(Connection c, PlacementEdit e) {
        Sql.on(c)
                .sql(
                        "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, section, shelf, position, "
                                + "facings, capacity, presentation_min, feed_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'edit', ?)")
                .param(Sql.text(e.storeId()))
                .param(Sql.text(e.fixtureId()))
                .param(Sql.text(e.sku()))
                .param(Sql.date(e.validFrom()))
                .params(rest(e))
                .update();
    }

    private static void update(Connection c, PlacementEdit e) {
        Sql.on(c)
                .sql(
                        "UPDATE placements SET valid_to = ?, section = ?, shelf = ?, position = ?, facings = ?, capacity = ?, "
                                + "presentation_min = ?, feed_id = 'edit', updated_at = ? WHERE store_id = ? AND fixture_id = ? AND sku = ? AND valid_from = ?")
                .params(rest(e))
                .param(Sql.text(e.storeId()))
                .param(Sql.text(e.fixtureId()))
                .param(Sql.text(e.sku()))
                .param(Sql.date(e.validFrom()))
                .update();
    }

    /** valid_to, section, shelf, position, facings, capacity, presentation_min, updated_at. */
    private static List<Object> rest(PlacementEdit e) {
        return List.of(
                Sql.date(e.validTo()),
                Sql.text(e.section()),
                Sql.orNull(e.shelf(), Types.INTEGER),
                Sql.orNull(e.position(), Types.INTEGER),
                Sql.orNull(e.facings(), Types.INTEGER),
                Sql.orNull(e.capacity(), Types.INTEGER),
                Sql.orNull(e.presentationMin(), Types.INTEGER),
                new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())));
    }

    private static String entityId(PlacementEdit e) {
        return e.storeId() + "/" + e.fixtureId() + "/" + e.sku();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
