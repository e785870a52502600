package io.stockroom.testdata;

import io.stockroom.StockroomProperties;
import io.stockroom.warehouse.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built warehouse rows for tests: {@code fixture.add(aSale().atStore("S1").forSku("A").on(day).units(3).value(12.5))}.
 * Every builder inserts one row with plain SQL, the way the loader would leave it.
 */
public final class RetailFixture {

    private final Warehouse warehouse;

    public RetailFixture(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public static Warehouse openWarehouse(Path dataDir) {
        return new Warehouse(
                dataDir, io.stockroom.TestEngine.newWarehouse(new StockroomProperties.Warehouse("duckdb", "1GB", 2)));
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public RetailFixture add(Row... rows) {
        warehouse.inTransaction(c -> {
            for (Row r : rows) {
                r.insert(c);
            }
            return null;
        });
        return this;
    }

    /** Runs a statement, e.g. to delete a slice as a reload would. */
    public RetailFixture execute(String sql, Object... params) {
        warehouse.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, params);
                p.executeUpdate();
            }
            return null;
        });
        return this;
    }

    /** All rows of a query as lists of strings (NULL as "null"). */
    public List<List<String>> rows(String sql, Object... params) {
        return warehouse.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, params);
                try (ResultSet r = p.executeQuery()) {
                    List<List<String>> out = new ArrayList<>();
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= n; i++) {
                            row.add(text(r, i));
                        }
                        out.add(row);
                    }
                    return out;
                }
            }
        });
    }

    /**
     * A column's value as text, the same on every engine: a boolean reads "true"/"false" (PostgreSQL's driver gives
     * "t"/"f" for {@code getString}).
     */
    private static String text(ResultSet r, int column) throws SQLException {
        int type = r.getMetaData().getColumnType(column);
        if (type == Types.BOOLEAN || type == Types.BIT) {
            return String.valueOf(r.getObject(column));
        }
        return String.valueOf(r.getString(column));
    }

    /** The one value a query returns, as a string ("null" for NULL). */
    public String value(String sql, Object... params) {
        List<List<String>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** An order-independent checksum of a table's content: the row count and the md5 of its rows' text, sorted. */
    public String checksum(String table) {
        return value("SELECT CAST(COUNT(*) AS VARCHAR) || ':' || md5(COALESCE(string_agg(x, '|' ORDER BY x), ''))"
                + " FROM (SELECT CAST(t AS VARCHAR) AS x FROM " + table + " t) s");
    }

    private static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object v = params[i];
            p.setObject(i + 1, v instanceof LocalDate d ? Date.valueOf(d) : v);
        }
    }

    // ------------------------------------------------------------------ builders

    /** One row to insert. */
    public interface Row {
        void insert(Connection c) throws SQLException;
    }

    public static StoreRow aStore(String id) {
        return new StoreRow(id);
    }

    public static ProductRow aProduct(String sku) {
        return new ProductRow(sku);
    }

    public static SaleRow aSale() {
        return new SaleRow();
    }

    /** A web order line without a store (an online order), one unit. */
    public static OrderRow anOrder(String orderId) {
        return new OrderRow(orderId);
    }

    public static InventoryRow aSnapshot() {
        return new InventoryRow();
    }

    public static LabourRow aLabourDay() {
        return new LabourRow();
    }

    public static FeedRow aFeed(String feedId) {
        return new FeedRow(feedId);
    }

    public static QuarantineRow aQuarantinedRow() {
        return new QuarantineRow();
    }

    public static SupplierRow aSupplier(String id) {
        return new SupplierRow(id);
    }

    public static final class StoreRow implements Row {
        private final String id;
        private String name;
        private String area = "North";
        private String region = "UK";
        private LocalDate openedOn;

        StoreRow(String id) {
            this.id = id;
            this.name = "Store " + id;
        }

        public StoreRow named(String n) {
            this.name = n;
            return this;
        }

        public StoreRow inArea(String a) {
            this.area = a;
            return this;
        }

        public StoreRow inRegion(String r) {
            this.region = r;
            return this;
        }

        public StoreRow openedOn(LocalDate d) {
            this.openedOn = d;
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO stores (store_id, name, area, region, opened_on, feed_id, updated_at) VALUES (?, ?, ?, ?, ?, 'F-master', ?)")) {
                p.setString(1, id);
                p.setString(2, name);
                p.setString(3, area);
                p.setString(4, region);
                p.setDate(5, openedOn == null ? null : Date.valueOf(openedOn));
                p.setTimestamp(6, Timestamp.from(Instant.now()));
                p.executeUpdate();
            }
        }
    }

    public static final class ProductRow implements Row {
        private final String sku;
        private String name;
        private String department = "Grocery";
        private String category = "Snacks";
        private BigDecimal unitCost = new BigDecimal("1.00");
        private BigDecimal unitPrice = new BigDecimal("2.00");
        private boolean doNotReorder;
        private boolean struck;

        ProductRow(String sku) {
            this.sku = sku;
            this.name = "Product " + sku;
        }

        public ProductRow named(String n) {
            this.name = n;
            return this;
        }

        public ProductRow in(String dept, String cat) {
            this.department = dept;
            this.category = cat;
            return this;
        }

        public ProductRow cost(double c) {
            this.unitCost = BigDecimal.valueOf(c);
            return this;
        }

        public ProductRow noCost() {
            this.unitCost = null;
            return this;
        }

        public ProductRow price(double p) {
            this.unitPrice = BigDecimal.valueOf(p);
            return this;
        }

        public ProductRow doNotReorder() {
            this.doNotReorder = true;
            return this;
        }

        public ProductRow struck() {
            this.struck = true;
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO products (sku, name, department, category, unit_cost, unit_price, "
                            + "do_not_reorder, struck, feed_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'F-master', ?)")) {
                p.setString(1, sku);
                p.setString(2, name);
                p.setString(3, department);
                p.setString(4, category);
                p.setBigDecimal(5, unitCost);
                p.setBigDecimal(6, unitPrice);
                p.setBoolean(7, doNotReorder);
                p.setBoolean(8, struck);
                p.setTimestamp(9, Timestamp.from(Instant.now()));
                p.executeUpdate();
            }
        }
    }

    public static final class SupplierRow implements Row {
        private final String id;
        private int leadTimeDays = 7;
        private final List<String> skus = new ArrayList<>();

        SupplierRow(String id) {
            this.id = id;
        }

        public SupplierRow leadTime(int days) {
            this.leadTimeDays = days;
            return this;
        }

        public SupplierRow supplies(String... s) {
            skus.addAll(List.of(s));
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO suppliers (supplier_id, name, lead_time_days) VALUES (?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, "Supplier " + id);
                p.setInt(3, leadTimeDays);
                p.executeUpdate();
            }
            for (String sku : skus) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO supplier_products (sku, supplier_id, case_pack) VALUES (?, ?, 1)")) {
                    p.setString(1, sku);
                    p.setString(2, id);
                    p.executeUpdate();
                }
            }
        }
    }

    public static final class SaleRow implements Row {
        private String store = "S1";
        private String sku = "A";
        private LocalDate date = LocalDate.of(2026, 3, 2);
        private String channel = "store";
        private BigDecimal units = BigDecimal.ONE;
        private BigDecimal value = new BigDecimal("2.00");
        private BigDecimal discount;
        private Integer transactions;
        private String feedId = "F-sales";

        public SaleRow atStore(String s) {
            this.store = s;
            return this;
        }

        public SaleRow forSku(String s) {
            this.sku = s;
            return this;
        }

        public SaleRow storeLevel() {
            this.sku = null;
            return this;
        }

        public SaleRow on(LocalDate d) {
            this.date = d;
            return this;
        }

        public SaleRow channel(String ch) {
            this.channel = ch;
            return this;
        }

        /** No units_sold: a store-day total without item detail (as Rossmann's store × day files). */
        public SaleRow noUnits() {
            this.units = null;
            return this;
        }

        public SaleRow units(double u) {
            this.units = BigDecimal.valueOf(u);
            return this;
        }

        public SaleRow value(double v) {
            this.value = BigDecimal.valueOf(v);
            return this;
        }

        public SaleRow discount(double d) {
            this.discount = BigDecimal.valueOf(d);
            return this;
        }

        public SaleRow transactions(int t) {
            this.transactions = t;
            return this;
        }

        public SaleRow feed(String f) {
            this.feedId = f;
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, "
                            + "discount, transactions, is_return, load_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, store);
                p.setString(2, sku);
                p.setDate(3, Date.valueOf(date));
                p.setString(4, channel);
                if (units == null) {
                    p.setNull(5, Types.DECIMAL);
                } else {
                    p.setBigDecimal(5, units);
                }
                p.setBigDecimal(6, value);
                p.setBigDecimal(7, discount);
                if (transactions == null) {
                    p.setNull(8, java.sql.Types.INTEGER);
                } else {
                    p.setInt(8, transactions);
                }
                p.setBoolean(9, (units != null && units.signum() < 0) || value.signum() < 0);
                p.setLong(10, FactLoads.of(c, feedId));
                p.executeUpdate();
            }
        }
    }

    public static final class OrderRow implements Row {
        private final String orderId;
        private LocalDate date = LocalDate.of(2026, 3, 2);
        private String sku = "A";
        private BigDecimal quantity = BigDecimal.ONE;
        private BigDecimal unitPrice = new BigDecimal("10.00");

        OrderRow(String orderId) {
            this.orderId = orderId;
        }

        public OrderRow on(LocalDate d) {
            this.date = d;
            return this;
        }

        public OrderRow forSku(String s) {
            this.sku = s;
            return this;
        }

        public OrderRow quantity(double q) {
            this.quantity = BigDecimal.valueOf(q);
            return this;
        }

        public OrderRow price(double p) {
            this.unitPrice = BigDecimal.valueOf(p);
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO orders (order_id, ordered_at, business_date, customer_id, store_id, channel, sku, "
                            + "description, quantity, unit_price, country, is_cancellation, load_seq) "
                            + "VALUES (?, ?, ?, 'C1', NULL, 'online', ?, ?, ?, ?, 'UK', FALSE, ?)")) {
                p.setString(1, orderId);
                p.setTimestamp(2, Timestamp.valueOf(date.atTime(10, 0)));
                p.setDate(3, Date.valueOf(date));
                p.setString(4, sku);
                p.setString(5, "Item " + sku);
                p.setBigDecimal(6, quantity);
                p.setBigDecimal(7, unitPrice);
                p.setLong(8, FactLoads.of(c, "F-orders"));
                p.executeUpdate();
            }
        }
    }

    public static final class InventoryRow implements Row {
        private String store = "S1";
        private String sku = "A";
        private LocalDate date = LocalDate.of(2026, 3, 2);
        private BigDecimal onHand = BigDecimal.TEN;
        private BigDecimal onOrder = BigDecimal.ZERO;
        private String feedId = "F-inventory";

        public InventoryRow atStore(String s) {
            this.store = s;
            return this;
        }

        public InventoryRow forSku(String s) {
            this.sku = s;
            return this;
        }

        public InventoryRow on(LocalDate d) {
            this.date = d;
            return this;
        }

        public InventoryRow onHand(double q) {
            this.onHand = BigDecimal.valueOf(q);
            return this;
        }

        public InventoryRow onOrder(double q) {
            this.onOrder = BigDecimal.valueOf(q);
            return this;
        }

        public InventoryRow feed(String f) {
            this.feedId = f;
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                p.setString(1, store);
                p.setString(2, sku);
                p.setDate(3, Date.valueOf(date));
                p.setBigDecimal(4, onHand);
                p.setBigDecimal(5, onOrder);
                p.setLong(6, FactLoads.of(c, feedId));
                p.executeUpdate();
            }
        }
    }

    public static final class LabourRow implements Row {
        private String store = "S1";
        private LocalDate date = LocalDate.of(2026, 3, 2);
        private BigDecimal hours = BigDecimal.TEN;
        private BigDecimal cost = new BigDecimal("150.00");

        public LabourRow atStore(String s) {
            this.store = s;
            return this;
        }

        public LabourRow on(LocalDate d) {
            this.date = d;
            return this;
        }

        public LabourRow hours(double h) {
            this.hours = BigDecimal.valueOf(h);
            return this;
        }

        public LabourRow cost(double c) {
            this.cost = BigDecimal.valueOf(c);
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO labour (store_id, business_date, hours, labour_cost, load_seq) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, store);
                p.setDate(2, Date.valueOf(date));
                p.setBigDecimal(3, hours);
                p.setBigDecimal(4, cost);
                p.setLong(5, FactLoads.of(c, "F-labour"));
                p.executeUpdate();
            }
        }
    }

    public static final class FeedRow implements Row {
        private final String feedId;
        private String dataset = "sales";
        private LocalDate date = LocalDate.of(2026, 3, 2);
        private String status = "transformed";
        private long loaded = 100;
        private long quarantined;
        private Instant updatedAt = Instant.parse("2026-03-03T06:00:00Z");
        private LocalDate minDate;
        private LocalDate maxDate;

        FeedRow(String feedId) {
            this.feedId = feedId;
        }

        public FeedRow dataset(String d) {
            this.dataset = d;
            return this;
        }

        public FeedRow on(LocalDate d) {
            this.date = d;
            return this;
        }

        public FeedRow failed() {
            this.status = "failed";
            return this;
        }

        public FeedRow status(String s) {
            this.status = s;
            return this;
        }

        public FeedRow loaded(long n) {
            this.loaded = n;
            return this;
        }

        public FeedRow quarantined(long n) {
            this.quarantined = n;
            return this;
        }

        public FeedRow updatedAt(Instant t) {
            this.updatedAt = t;
            return this;
        }

        /** The business dates its rows hold (min_date, max_date; unset: none recorded). */
        public FeedRow covering(LocalDate from, LocalDate to) {
            this.minDate = from;
            this.maxDate = to;
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO feeds (feed_id, dataset, business_date, status, source, original_name, "
                            + "records_read, records_loaded, records_quarantined, created_at, updated_at, min_date, max_date) "
                            + "VALUES (?, ?, ?, ?, 'drop', ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, feedId);
                p.setString(2, dataset);
                p.setDate(3, Date.valueOf(date));
                p.setString(4, status);
                p.setString(5, dataset + ".csv");
                p.setLong(6, loaded + quarantined);
                p.setLong(7, status.equals("failed") ? 0 : loaded);
                p.setLong(8, quarantined);
                p.setTimestamp(9, Timestamp.from(updatedAt));
                p.setTimestamp(10, Timestamp.from(updatedAt));
                p.setDate(11, minDate == null ? null : Date.valueOf(minDate));
                p.setDate(12, maxDate == null ? null : Date.valueOf(maxDate));
                p.executeUpdate();
            }
        }
    }

    public static final class QuarantineRow implements Row {
        private String feedId = "F-sales";
        private String dataset = "sales";
        private long line = 2;
        private String rawValues = "{\"store_id\":\"S1\",\"sku\":\"A\",\"units_sold\":\"abc\"}";
        private final List<String[]> reasons = new ArrayList<>();

        public QuarantineRow feed(String f) {
            this.feedId = f;
            return this;
        }

        public QuarantineRow dataset(String d) {
            this.dataset = d;
            return this;
        }

        public QuarantineRow line(long l) {
            this.line = l;
            return this;
        }

        public QuarantineRow raw(String json) {
            this.rawValues = json;
            return this;
        }

        public QuarantineRow reason(String code, String column, String message) {
            reasons.add(new String[] {code, column, message});
            return this;
        }

        @Override
        public void insert(Connection c) throws SQLException {
            StringBuilder json = new StringBuilder("[");
            for (String[] r : reasons) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"code\":\"")
                        .append(r[0])
                        .append("\",\"column\":")
                        .append(r[1] == null ? "null" : "\"" + r[1] + "\"")
                        .append(",\"message\":\"")
                        .append(r[2])
                        .append("\"}");
            }
            json.append(']');
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO quarantine (feed_id, dataset, source_line, raw_values, reasons, quarantined_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, feedId);
                p.setString(2, dataset);
                p.setLong(3, line);
                p.setString(4, rawValues);
                p.setString(5, json.toString());
                p.setTimestamp(6, Timestamp.from(Instant.parse("2026-03-03T06:00:00Z")));
                p.executeUpdate();
            }
        }
    }

    /** Runs a statement without parameters. */
    public static void sql(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
