package io.stockroom.planogram;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.planogram.PlanogramViews.Change;
import io.stockroom.planogram.PlanogramViews.Completeness;
import io.stockroom.planogram.PlanogramViews.CompletenessReport;
import io.stockroom.planogram.PlanogramViews.Fixture;
import io.stockroom.planogram.PlanogramViews.History;
import io.stockroom.planogram.PlanogramViews.Placements;
import io.stockroom.planogram.PlanogramViews.SpaceReport;
import io.stockroom.planogram.PlanogramViews.SpaceRow;
import io.stockroom.planogram.PlanogramViews.StoreFloor;
import io.stockroom.planogram.PlanogramViews.Target;
import io.stockroom.planogram.PlanogramViews.Zone;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The planogram reads: a store's floor, placements, their history, completeness and space productivity. All store-scoped. */
@Service
public class PlanogramService {

    /** How space productivity can be grouped; the SQL expression of each is fixed here, never taken from input. */
    public enum SpaceGroup {
        ZONE("COALESCE(f.display_zone, '(no zone)')"),
        FIXTURE_TYPE("COALESCE(f.fixture_type, '(no type)')"),
        SHELF("COALESCE('shelf ' || CAST(pl.shelf AS VARCHAR), '(no shelf)')"),
        FIXTURE("pl.store_id || ' ' || pl.fixture_id");

        private final String sql;

        SpaceGroup(String sql) {
            this.sql = sql;
        }

        public static SpaceGroup parse(String value) {
            if (value == null || value.isBlank()) {
                return ZONE;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "group_by '" + value + "' is not one of zone, fixture_type, shelf, fixture.");
            }
        }
    }

    private final JdbcClient jdbc;
    private final PlanogramReads reads;
    private final ModelRunner models;
    private final LakeModels lake;
    private final PlanogramProperties settings;
    private final java.time.ZoneId zone;
    private final AtomicBoolean ready = new AtomicBoolean();

    @Autowired
    PlanogramService(
            Warehouse warehouse,
            ModelRunner models,
            PlanogramProperties settings,
            io.stockroom.StockroomProperties properties,
            ObjectProvider<LakeModels> lake) {
        this(warehouse, models, settings, lake.getIfAvailable(), properties.zone());
    }

    /** Without Trino; {@code zone}: the retailer's time zone, whose "today" a date left out means. */
    public PlanogramService(
            Warehouse warehouse, ModelRunner models, PlanogramProperties settings, java.time.ZoneId zone) {
        this(warehouse, models, settings, null, zone);
    }

    /** With the retailer in UTC. */
    public PlanogramService(Warehouse warehouse, ModelRunner models, PlanogramProperties settings, LakeModels lake) {
        this(warehouse, models, settings, lake, java.time.ZoneOffset.UTC);
    }

    /**
     * {@code lake}: on a Trino deployment (null without), whose line-level sales mart the planogram's sales reads go
     * to, and whose models a placement edit refreshes there; {@code zone}: the retailer's time zone, whose "today" a
     * date left out means.
     */
    public PlanogramService(
            Warehouse warehouse,
            ModelRunner models,
            PlanogramProperties settings,
            LakeModels lake,
            java.time.ZoneId zone) {
        this.jdbc = JdbcClient.create(warehouse.dataSource());
        this.reads = new PlanogramReads(warehouse, lake);
        this.models = models;
        this.lake = lake;
        this.settings = settings;
        this.zone = zone;
    }

    /** Today on the retailer's clock ({@code stockroom.timezone}), not the server's. */
    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** The date analytics default to: the latest business date with sales (the data's "today"), else today. */
    public LocalDate defaultDate() {
        ensureTables();
        LocalDate latest = reads.one("SELECT MAX(business_date) FROM mart_sales_daily", Map.of(), (r, i) -> date(r, 1));
        return latest != null ? latest : today();
    }

    /** The reads that may go to the lake (DisplayLift's too). */
    PlanogramReads reads() {
        return reads;
    }

    /** A store's fixtures by zone with its completeness, as of {@code asOf} (today when null: what is on the shelves now). */
    public StoreFloor floor(String store, LocalDate asOf) {
        LocalDate d = asOf != null ? asOf : today();
        Map<String, Object> p = new HashMap<>();
        p.put("store", requireStore(store));
        p.put("as_of", Date.valueOf(d));
        String sql = PlanogramSql.file("fixtures.sql").replace("{scope}", PlanogramSql.scope("f.store_id", p));
        List<Fixture> fixtures = jdbc.sql(sql)
                .params(p)
                .query((r, i) -> new Fixture(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        integer(r, 6),
                        r.getBigDecimal(7),
                        r.getLong(8),
                        r.getLong(9),
                        longOrNull(r, 10)))
                .list();
        Map<String, List<Fixture>> byZone = new LinkedHashMap<>();
        fixtures.forEach(f -> byZone.computeIfAbsent(
                        f.displayZone() == null ? "(no zone)" : f.displayZone(), z -> new ArrayList<>())
                .add(f));
        List<Zone> zones = byZone.entrySet().stream()
                .map(e -> new Zone(e.getKey(), e.getValue()))
                .toList();
        Completeness completeness = completeness(d).stores().stream()
                .filter(c -> c.storeId().equals(store))
                .findFirst()
                .orElse(null);
        if (completeness == null) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "Store '" + store + "' is not a store you can see; pick one from GET /api/v1/stores.");
        }
        return new StoreFloor(store, d, completeness, zones);
    }

    /** The placements in place on {@code asOf} (today when null); days of supply from the 28 days of sales up to then. */
    public Placements placements(String store, String fixture, LocalDate asOf) {
        LocalDate d = asOf != null ? asOf : today();
        LocalDate latestSales = defaultDate();
        Map<String, Object> p = new HashMap<>();
        p.put("store", requireStore(store));
        p.put("fixture", fixture == null || fixture.isBlank() ? null : fixture.strip());
        p.put("as_of", Date.valueOf(d));
        p.put("demand_to", Date.valueOf(d.isAfter(latestSales) ? latestSales : d));
        ensureTables();
        String sql = PlanogramSql.file("placements.sql").replace("{scope}", PlanogramSql.scope("pl.store_id", p));
        return new Placements(store, (String) p.get("fixture"), d, reads.query(sql, p, PlanogramService::placement));
    }

    public History history(String store, String fixture) {
        Map<String, Object> p = new HashMap<>();
        p.put("store", requireStore(store));
        if (fixture == null || fixture.isBlank()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "fixture is required: the history is per store and fixture.");
        }
        p.put("fixture", fixture.strip());
        String scope = PlanogramSql.scope("pl.store_id", p);
        List<Placement> versions = jdbc.sql(PlanogramSql.file("history.sql").replace("{scope}", scope))
                .params(p)
                .query(PlanogramService::placement)
                .list();
        List<Change> changes = List.of();
        if (visible(store)) {
            changes = jdbc.sql(PlanogramSql.file("changes.sql"))
                    .param("prefix", likePrefix(store + "/" + fixture.strip() + "/"))
                    .query((r, i) -> new Change(
                            // the audit log's times are UTC date-times (AuditTrail)
                            io.stockroom.warehouse.Sql.instant(r, 1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7)))
                    .list();
        }
        return new History(store, fixture.strip(), versions, changes);
    }

    /** Whether the acting user's scope includes the store (and the store exists). */
    boolean visible(String store) {
        Map<String, Object> p = new HashMap<>();
        p.put("store", store);
        String sql = "SELECT COUNT(*) FROM stores s WHERE s.store_id = :store" + PlanogramSql.scope("s.store_id", p);
        return jdbc.sql(sql).params(p).query(Long.class).single() > 0;
    }

    /** Completeness on {@code asOf} (today when null; what a store carries comes from its snapshot of the 7 days up to then). */
    public CompletenessReport completeness(LocalDate asOf) {
        LocalDate d = asOf != null ? asOf : today();
        Map<String, Object> p = new HashMap<>();
        p.put("as_of", Date.valueOf(d));
        String sql = PlanogramSql.file("completeness.sql").replace("{scope}", PlanogramSql.scope("st.store_id", p));
        List<Counts> rows = jdbc.sql(sql)
                .params(p)
                .query((r, i) -> new Counts(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        date(r, 4),
                        longOrNull(r, 5),
                        longOrNull(r, 6),
                        r.getLong(7),
                        r.getLong(8),
                        r.getLong(9),
                        r.getLong(10),
                        r.getLong(11)))
                .list();
        List<Completeness> stores = rows.stream().map(c -> c.view(d, settings)).toList();
        Map<String, Counts> areas = new LinkedHashMap<>();
        Counts chain = Counts.EMPTY;
        for (Counts c : rows) {
            String area = c.area == null ? "(no area)" : c.area;
            areas.merge(area, c.as(null, area, area), Counts::plus);
            chain = chain.plus(c);
        }
        return new CompletenessReport(
                d,
                rows.isEmpty() ? null : chain.as(null, "chain", null).view(d, settings),
                areas.values().stream().map(c -> c.view(d, settings)).toList(),
                stores);
    }

    /** After a placement edit: the marts that read placements catch up (from the date master_changes records). */
    void placementsChanged() {
        models.refreshOutsideRun(Set.of(), lake);
    }

    public SpaceReport space(LocalDate from, LocalDate to, String store, String groupBy) {
        LocalDate end = to != null ? to : defaultDate();
        LocalDate start = from != null ? from : end.minusDays(27);
        if (start.isAfter(end)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "from " + start + " is after to " + end + "; swap them.");
        }
        SpaceGroup group = SpaceGroup.parse(groupBy);
        ensureTables();
        Map<String, Object> p = new HashMap<>();
        p.put("store", store == null || store.isBlank() ? null : store.strip());
        // the days of the range without any sales data are unknown, not days without sales: measured over the days
        // with data, so they neither thin the daily units (days of supply) nor add facing-days
        List<LocalDate> covered = salesDays(start, end, (String) p.get("store"));
        if (covered != null) {
            start = covered.get(0);
            end = covered.get(1);
        }
        p.put("from_date", Date.valueOf(start));
        p.put("to_date", Date.valueOf(end));
        String sql = PlanogramSql.file("space.sql")
                .replace("{group}", group.sql)
                .replace("{scope_sold}", PlanogramSql.scope("pl.store_id", p))
                .replace("{scope_unplaced}", PlanogramSql.scope("s.store_id", p))
                .replace("{scope_space}", PlanogramSql.scope("pl.store_id", p));
        double days = ChronoUnit.DAYS.between(start, end) + 1;
        List<SpaceRow> rows = jdbc.sql(sql)
                .params(p)
                .query((r, i) -> {
                    BigDecimal units = scaled(r.getBigDecimal(2), 3);
                    BigDecimal sales = scaled(r.getBigDecimal(3), 2);
                    BigDecimal margin = scaled(r.getBigDecimal(4), 2);
                    BigDecimal costed = r.getBigDecimal(5);
                    Long facingDays = longOrNull(r, 6);
                    Long capacity = longOrNull(r, 7);
                    // per facing divides by the exact average: the shown one is rounded to 2 places
                    Double exactFacings = facingDays == null ? null : facingDays / days;
                    Double avgFacings = exactFacings == null ? null : round(exactFacings, 2);
                    Double perFacing = exactFacings == null || exactFacings == 0 || sales == null
                            ? null
                            : round(sales.doubleValue() / exactFacings, 2);
                    Double unitsPerFacing = exactFacings == null || exactFacings == 0 || units == null
                            ? null
                            : round(units.doubleValue() / exactFacings, 2);
                    Double daily = units == null ? null : units.doubleValue() / days;
                    Double dos = capacity == null || daily == null || daily <= 0 ? null : round(capacity / daily, 1);
                    Double marginPct = margin == null || costed == null || costed.signum() == 0
                            ? null
                            : round(100 * margin.doubleValue() / costed.doubleValue(), 1);
                    return new SpaceRow(
                            r.getString(1),
                            units,
                            sales,
                            margin,
                            marginPct,
                            avgFacings,
                            perFacing,
                            unitsPerFacing,
                            capacity,
                            dos,
                            r.getLong(8));
                })
                .list();
        return new SpaceReport(start, end, group.name().toLowerCase(Locale.ROOT), (String) p.get("store"), rows);
    }

    /** The first and last business date with item sales in [from, to] (of the store when given); null when none. */
    private List<LocalDate> salesDays(LocalDate from, LocalDate to, String store) {
        Map<String, Object> p = new HashMap<>();
        p.put("from_date", Date.valueOf(from));
        p.put("to_date", Date.valueOf(to));
        p.put("store", store);
        return reads.one("""
                SELECT MIN(business_date), MAX(business_date) FROM mart_sales_daily
                WHERE sku IS NOT NULL AND business_date BETWEEN :from_date AND :to_date
                  AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))""", p, (r, i) -> r.getDate(1) == null ? null : List.of(date(r, 1), date(r, 2)));
    }

    /** A product found by code or name, for the placement form. */
    public record SkuMatch(String sku, String name, String category) {}

    /** Up to 20 products whose code starts with {@code q} or whose name contains it (case-insensitive). */
    public List<SkuMatch> searchSkus(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        String term = q.strip().toLowerCase(Locale.ROOT);
        return jdbc.sql(
                        "SELECT sku, name, category FROM products WHERE NOT is_placeholder AND (lower(sku) LIKE :code ESCAPE '\\' OR lower(name) LIKE :name ESCAPE '\\') "
                                + "ORDER BY CASE WHEN lower(sku) = :exact THEN 0 WHEN lower(sku) LIKE :code ESCAPE '\\' THEN 1 ELSE 2 END, sku LIMIT 20")
                .param("code", likePrefix(term))
                .param("name", "%" + likePrefix(term))
                .param("exact", term)
                .query((r, i) -> new SkuMatch(r.getString(1), r.getString(2), r.getString(3)))
                .list();
    }

    /** Counts behind a completeness row, additive over stores. */
    private record Counts(
            String storeId,
            String name,
            String area,
            LocalDate snapshotDate,
            Long ranged,
            Long placed,
            long placements,
            long withZone,
            long withShelf,
            long withFacings,
            long complete) {

        static final Counts EMPTY = new Counts(null, null, null, null, 0L, 0L, 0, 0, 0, 0, 0);

        /** Sums two rows; ranged and placed stay known only while every store's are known. */
        Counts plus(Counts o) {
            return new Counts(
                    storeId,
                    name,
                    area,
                    null,
                    ranged == null || o.ranged == null ? null : ranged + o.ranged,
                    placed == null || o.placed == null ? null : placed + o.placed,
                    placements + o.placements,
                    withZone + o.withZone,
                    withShelf + o.withShelf,
                    withFacings + o.withFacings,
                    complete + o.complete);
        }

        Counts as(String id, String label, String areaName) {
            return new Counts(
                    id,
                    label,
                    areaName,
                    snapshotDate,
                    ranged,
                    placed,
                    placements,
                    withZone,
                    withShelf,
                    withFacings,
                    complete);
        }

        Completeness view(LocalDate asOf, PlanogramProperties settings) {
            Double share = ranged == null || ranged == 0 ? null : round((double) placed / ranged, 4);
            return new Completeness(
                    storeId,
                    name,
                    area,
                    snapshotDate,
                    ranged,
                    placed,
                    share,
                    placements,
                    withZone,
                    withShelf,
                    withFacings,
                    complete,
                    placements == 0 ? null : round((double) complete / placements, 4),
                    target(asOf, settings));
        }

        private Target target(LocalDate asOf, PlanogramProperties settings) {
            LocalDate date = settings.targetDate();
            Long daysLeft = date == null ? null : ChronoUnit.DAYS.between(asOf, date);
            if (ranged == null || ranged == 0) {
                return new Target(date, settings.targetShare(), daysLeft, null, null, "not_available");
            }
            long missing = Math.max(0, (long) Math.ceil(settings.targetShare() * ranged - 1e-9) - placed);
            if (missing == 0) {
                return new Target(date, settings.targetShare(), daysLeft, 0L, null, "done");
            }
            if (date == null) {
                return new Target(null, settings.targetShare(), null, missing, null, "in_progress");
            }
            if (daysLeft <= 0) {
                return new Target(date, settings.targetShare(), daysLeft, missing, null, "overdue");
            }
            return new Target(
                    date,
                    settings.targetShare(),
                    daysLeft,
                    missing,
                    round((double) missing / daysLeft, 1),
                    "in_progress");
        }
    }

    static Placement placement(ResultSet r, int i) throws SQLException {
        Integer capacity = integer(r, 11);
        BigDecimal dailyUnits = r.getBigDecimal(16);
        Double dos = capacity == null || dailyUnits == null || dailyUnits.signum() <= 0
                ? null
                : round(capacity / dailyUnits.doubleValue(), 1);
        return new Placement(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                date(r, 5),
                date(r, 6),
                r.getString(7),
                integer(r, 8),
                integer(r, 9),
                integer(r, 10),
                capacity,
                integer(r, 12),
                r.getString(13),
                r.getString(14),
                r.getString(15),
                dos);
    }

    private static String requireStore(String store) {
        if (store == null || store.isBlank()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "store is required, e.g. store=S001 (GET /api/v1/stores lists them).");
        }
        return store.strip();
    }

    private void ensureTables() {
        if (!ready.get()) {
            models.ensureTables();
            ready.set(true);
        }
    }

    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static LocalDate date(ResultSet r, int column) throws SQLException {
        Date d = r.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    static Integer integer(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    static Long longOrNull(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    private static BigDecimal scaled(BigDecimal v, int scale) {
        return v == null ? null : v.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
