package io.stockroom.warehouse;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small chain sent through the ingest path as files (3 stores x 12 SKUs x 35 days of sales, the last day's
 * inventory, labour, suppliers), deterministic, so that two engines given it must build the same warehouse.
 */
public final class SmallChain {

    public static final LocalDate END = LocalDate.of(2026, 3, 31);
    public static final int DAYS = 35;
    static final int STORES = 3;
    static final int SKUS = 12;

    private SmallChain() {}

    public static void load(TestWarehouse w, Path dir) throws IOException {
        StringBuilder stores = new StringBuilder("store_id,name,area\n");
        for (int s = 1; s <= STORES; s++) {
            stores.append("S")
                    .append(s)
                    .append(",Store ")
                    .append(s)
                    .append(',')
                    .append(s % 2 == 0 ? "North" : "South")
                    .append('\n');
        }
        send(w, dir, "stores.csv", stores);
        StringBuilder products = new StringBuilder("sku,name,department,category,unit_cost,unit_price\n");
        StringBuilder supplierProducts = new StringBuilder("sku,supplier_id,case_pack,moq,unit_cost\n");
        for (int k = 1; k <= SKUS; k++) {
            products.append("K")
                    .append(k)
                    .append(",Item ")
                    .append(k)
                    .append(",Grocery,")
                    .append(k % 3 == 0 ? "Tins" : "Fresh")
                    .append(',')
                    .append(BigDecimal.valueOf(40 + k * 7, 2))
                    .append(',')
                    .append(BigDecimal.valueOf(99 + k * 13, 2))
                    .append('\n');
            supplierProducts
                    .append("K")
                    .append(k)
                    .append(",V")
                    .append(k % 2 + 1)
                    .append(',')
                    .append(k % 4 == 0 ? 12 : 6)
                    .append(",0,")
                    .append(BigDecimal.valueOf(38 + k * 7, 2))
                    .append('\n');
        }
        send(w, dir, "products.csv", products);
        send(
                w,
                dir,
                "suppliers.csv",
                new StringBuilder(
                        "supplier_id,name,lead_time_days,order_days,min_order_value\nV1,Fresh Co,2,MON,50\nV2,Tin Co,5,,0\n"));
        send(w, dir, "supplier_products.csv", supplierProducts);
        // the history in two files (facts upsert by key, so one file can hold many days), the last week day by day
        StringBuilder sales = new StringBuilder("store_id,sku,date,units_sold,total_sales,discount,transactions\n");
        StringBuilder labour = new StringBuilder("store_id,date,hours,labour_cost\n");
        for (int back = DAYS - 1; back >= 0; back--) {
            LocalDate d = END.minusDays(back);
            for (int s = 1; s <= STORES; s++) {
                for (int k = 1; k <= SKUS; k++) {
                    int units =
                            (int) ((d.toEpochDay() * 31 + s * 17 + k * 7) % 9) - (k == 5 && back % 11 == 0 ? 10 : 0);
                    if (units == 0) {
                        continue;
                    }
                    BigDecimal price = BigDecimal.valueOf(99 + k * 13, 2);
                    sales.append('S')
                            .append(s)
                            .append(",K")
                            .append(k)
                            .append(',')
                            .append(d)
                            .append(',')
                            .append(units)
                            .append(',')
                            .append(price.multiply(BigDecimal.valueOf(units)))
                            .append(',')
                            .append(units > 6 ? "0.50" : "0")
                            .append(',')
                            .append(Math.max(1, Math.abs(units) / 2))
                            .append('\n');
                }
                labour.append('S')
                        .append(s)
                        .append(',')
                        .append(d)
                        .append(',')
                        .append(40 + s * 3 + back % 5)
                        .append(".5,")
                        .append(400 + s * 30)
                        .append(".25\n");
            }
            if (back == 7 || back < 7) {
                send(w, dir, "sales_" + d + ".csv", sales);
                send(w, dir, "labour_" + d + ".csv", labour);
                sales = new StringBuilder("store_id,sku,date,units_sold,total_sales,discount,transactions\n");
                labour = new StringBuilder("store_id,date,hours,labour_cost\n");
            }
        }
        StringBuilder inventory = new StringBuilder("store_id,sku,date,on_hand,on_order\n");
        for (int s = 1; s <= STORES; s++) {
            for (int k = 1; k <= SKUS; k++) {
                inventory
                        .append('S')
                        .append(s)
                        .append(",K")
                        .append(k)
                        .append(',')
                        .append(END)
                        .append(',')
                        .append((s * 5 + k * 3) % 14)
                        .append(",0\n");
            }
        }
        send(w, dir, "inventory_" + END + ".csv", inventory);
    }

    private static void send(TestWarehouse w, Path dir, String name, StringBuilder content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(name, null, null, "cli"));
        if (r.status() != FeedStatus.TRANSFORMED) {
            throw new AssertionError(name + ": " + r.summary().error());
        }
    }

    /** Columns that differ between two loads of the same files by design: ids, lineage and clock times. */
    private static final Set<String> VOLATILE = Set.of("feed_id", "id", "load_seq", "load_seq_sum", "po_id");

    /**
     * The content of a table as sorted lines: decimals exactly (their value, not their scale), doubles to 9
     * significant digits, dates as ISO; timestamps and the {@link #VOLATILE} columns left out.
     */
    public static List<String> content(Warehouse w, String table) {
        return w.withConnection(c -> {
            List<String> lines = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                while (r.next()) {
                    lines.add(line(r));
                }
            }
            lines.sort(null);
            return lines;
        });
    }

    /**
     * A model table's rows as {@link #content(Warehouse, String)} gives them, wherever they live: a mart kept in the
     * lake (or a view over one) read through Trino, as the dashboards read it on a Trino deployment.
     */
    public static List<String> content(Warehouse w, io.stockroom.model.LakeModels trino, String table) {
        if (!trino.readsLake("SELECT * FROM " + table)) {
            return content(w, table);
        }
        List<String> lines = new ArrayList<>(trino.read("SELECT * FROM " + table, List.of(), (r, i) -> line(r)));
        lines.sort(null);
        return lines;
    }

    /** One row as name=value pairs, decimals without trailing zeros, volatile columns left out. */
    private static String line(ResultSet r) throws java.sql.SQLException {
        ResultSetMetaData md = r.getMetaData();
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            int type = md.getColumnType(i);
            if (VOLATILE.contains(name)
                    || name.endsWith("feed_id")
                    || type == Types.TIMESTAMP
                    || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                continue;
            }
            Object v = r.getObject(i);
            String text;
            if (v == null) {
                text = "null";
            } else if (v instanceof BigDecimal b) {
                text = b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
            } else if (v instanceof Double || v instanceof Float) {
                double dv = ((Number) v).doubleValue();
                text = dv == 0
                        ? "0"
                        : new BigDecimal(dv)
                                .round(new java.math.MathContext(9))
                                .stripTrailingZeros()
                                .toPlainString();
            } else if (v instanceof Number n) {
                text = Long.toString(n.longValue());
            } else if (v instanceof java.sql.Date dt) {
                text = dt.toLocalDate().toString();
            } else {
                text = v.toString();
            }
            line.append(name).append('=').append(text).append(' ');
        }
        return line.toString();
    }
}
