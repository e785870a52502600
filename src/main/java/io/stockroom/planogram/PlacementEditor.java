package io.stockroom.planogram;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.ValidationReport;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Versions;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
            try (Statement s = c.createStatement()) { // the common subset: PostgreSQL has no CREATE OR REPLACE TABLE
                s.execute("DROP TABLE IF EXISTS __touched");
                s.execute("CREATE TEMP TABLE __touched (store_id VARCHAR, fixture_id VARCHAR, sku VARCHAR)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO __touched VALUES (?, ?, ?)")) {
                p.setString(1, e.storeId());
                p.setString(2, e.fixtureId());
                p.setString(3, e.sku());
                p.execute();
            }
            Versions.closeSuperseded(c, contract, "__touched");
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE __touched");
            }
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
    private static void recordChange(Connection c, LocalDate from) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO master_changes (change_id, source, effective_from, keys_changed, feed_id, changed_at) "
                        + "SELECT nextval('master_change_ids'), 'placements', ?, 1, 'edit', ?")) {
            p.setDate(1, Date.valueOf(from));
            p.setTimestamp(2, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
    }

    /** Takes a SKU off a fixture: the version in place on {@code lastDay} ends that day. */
    public Saved end(String store, String fixture, String sku, LocalDate lastDay) {
        if (store == null || fixture == null || sku == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "store_id, fixture_id and sku are required to end a placement.");
        }
        LocalDate day = lastDay != null ? lastDay : LocalDate.now();
        requireVisible(store);
        Saved saved = warehouse.inTransaction(c -> {
            Placement before = version(c, store, fixture, sku, day);
            if (before == null) {
                throw new StockroomException(
                        ErrorCode.NOT_FOUND,
                        "SKU " + sku + " has no placement on " + store + " " + fixture + " on " + day
                                + "; GET /api/v1/planogram/placements lists what is in place.");
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE placements SET valid_to = ?, updated_at = ? WHERE store_id = ? AND fixture_id = ? AND sku = ? "
                            + "AND valid_from = ?")) {
                p.setDate(1, Date.valueOf(day));
                p.setTimestamp(2, Timestamp.from(Instant.now()));
                p.setString(3, store);
                p.setString(4, fixture);
                p.setString(5, sku);
                p.setDate(6, Date.valueOf(before.validFrom()));
                p.executeUpdate();
            }
            Placement after = version(c, store, fixture, sku, day);
            AuditTrail.write(
                    c,
                    AuditTrail.Entry.write(
                            "placement_end", "placement", store + "/" + fixture + "/" + sku, before, after, 1L));
            recordChange(c, day);
            return new Saved(before, after);
        });
        planogram.placementsChanged();
        return saved;
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
                e.validFrom() != null ? e.validFrom() : LocalDate.now(),
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

    private static Placement version(Connection c, String store, String fixture, String sku, LocalDate day)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SELECT_VERSION)) {
            p.setString(1, store);
            p.setString(2, fixture);
            p.setString(3, sku);
            p.setDate(4, Date.valueOf(day));
            p.setDate(5, Date.valueOf(day));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? PlanogramService.placement(r, 0) : null;
            }
        }
    }

    private static void insert(Connection c, PlacementEdit e) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO placements (store_id, fixture_id, sku, valid_from, valid_to, section, shelf, position, "
                        + "facings, capacity, presentation_min, feed_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'edit', ?)")) {
            p.setString(1, e.storeId());
            p.setString(2, e.fixtureId());
            p.setString(3, e.sku());
            p.setDate(4, Date.valueOf(e.validFrom()));
            bindRest(p, 5, e);
            p.executeUpdate();
        }
    }

    private static void update(Connection c, PlacementEdit e) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE placements SET valid_to = ?, section = ?, shelf = ?, position = ?, facings = ?, capacity = ?, "
                        + "presentation_min = ?, feed_id = 'edit', updated_at = ? WHERE store_id = ? AND fixture_id = ? AND sku = ? AND valid_from = ?")) {
            bindRest(p, 1, e);
            p.setString(9, e.storeId());
            p.setString(10, e.fixtureId());
            p.setString(11, e.sku());
            p.setDate(12, Date.valueOf(e.validFrom()));
            p.executeUpdate();
        }
    }

    /** valid_to, section, shelf, position, facings, capacity, presentation_min, updated_at from {@code first} on. */
    private static void bindRest(PreparedStatement p, int first, PlacementEdit e) throws SQLException {
        p.setObject(first, e.validTo() == null ? null : Date.valueOf(e.validTo()));
        p.setString(first + 1, e.section());
        p.setObject(first + 2, e.shelf());
        p.setObject(first + 3, e.position());
        p.setObject(first + 4, e.facings());
        p.setObject(first + 5, e.capacity());
        p.setObject(first + 6, e.presentationMin());
        p.setTimestamp(first + 7, Timestamp.from(Instant.now()));
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
