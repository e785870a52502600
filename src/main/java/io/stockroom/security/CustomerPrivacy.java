package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * GDPR for a customer id: everything held about it as JSON, and erasure by pseudonymisation. Which data that is comes
 * from the contracts: every dataset with a {@code customer_id} column (orders, customers, support_conversations, and a
 * retailer's own), and in those the columns marked {@code personal: true} (e-mail, name, phone), which erasure clears.
 * It covers the facts and masters, the marts that carry customer_id, quarantine and the raw lake (text files are
 * rewritten — in the customer's rows, found by their customer column, the id and the personal columns ({@link
 * CustomerRows}) — and their manifest checksum updated; compressed or binary files, and files without a customer
 * column in their header, are listed as not rewritten, never silently skipped).
 */
@Service
public class CustomerPrivacy {

    private static final List<String> TEXT = List.of(".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl");

    /**
     * @param records            the rows of every other dataset that names the customer (customers, support_conversations,
     *                           ...)
     * @param rawFiles           the raw files with a row of the customer (by its customer column)
     * @param rawFilesNotChecked raw files of those datasets that could not be read by column (compressed or binary, or
     *                           no customer column in their header): which of their rows are the customer's is unknown
     */
    public record CustomerExport(
            String customerId,
            List<Map<String, Object>> orders,
            Map<String, List<Map<String, Object>>> records,
            List<String> personalFields,
            long quarantinedRows,
            List<String> rawFiles,
            List<String> rawFilesNotChecked) {}

    /**
     * @param records rows pseudonymised per dataset other than orders; personal fields are cleared there
     * @param datesRebuilt business dates of the customer's orders whose marts were rebuilt after the erasure
     */
    public record Erasure(
            String pseudonym,
            long orders,
            Map<String, Long> records,
            long quarantinedRows,
            List<String> rawFilesRewritten,
            List<String> rawFilesNotRewritten,
            List<java.time.LocalDate> datesRebuilt) {}

    private final Warehouse warehouse;
    private final AuditTrail audit;
    private final ContractRegistry contracts;

    private final io.stockroom.model.ModelRunner models;
    /** Null without Trino. */
    private final io.stockroom.model.LakeModels onTrino;
    /** Null without Trino: the lake's copy of the orders and their history. */
    private final io.stockroom.warehouse.Lake lake;

    public CustomerPrivacy(
            Warehouse warehouse,
            AuditTrail audit,
            ContractRegistry contracts,
            io.stockroom.model.ModelRunner models,
            org.springframework.beans.factory.ObjectProvider<io.stockroom.model.LakeModels> onTrino,
            org.springframework.beans.factory.ObjectProvider<io.stockroom.warehouse.Lake> lake) {
        this.warehouse = warehouse;
        this.lake = lake.getIfAvailable();
        this.audit = audit;
        this.contracts = contracts;
        this.models = models;
        this.onTrino = onTrino.getIfAvailable();
    }

    /** The datasets whose rows name a customer (a customer_id column), orders first. */
    private List<Contract> customerDatasets() {
        return contracts.all().stream()
                .filter(c -> c.column("customer_id").isPresent())
                .sorted(java.util.Comparator.comparing(
                                (Contract c) -> !c.dataset().equals("orders"))
                        .thenComparing(Contract::dataset))
                .toList();
    }

    private static List<String> personal(Contract c) {
        return c.columns().stream()
                .filter(ColumnSpec::personal)
                .map(ColumnSpec::name)
                .toList();
    }

    private List<Map<String, Object>> rows(String table, String id) {
        return warehouse.withConnection(c -> {
            if (!Sql.tableExists(c, table)) {
                return new ArrayList<>();
            }
            return Sql.on(c)
                    .sql("SELECT * FROM " + table + " WHERE customer_id = ?")
                    .param(Sql.text(id))
                    .query(CustomerPrivacy::textRow)
                    .list();
        });
    }

    private static Map<String, Object> textRow(ResultSet r, int rowNum) throws java.sql.SQLException {
        ResultSetMetaData m = r.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
            Object v = r.getObject(i);
            row.put(m.getColumnLabel(i), v == null ? null : v.toString());
        }
        return row;
    }

    /** Tables outside the contracts that carry customer_id (the customer marts), which erasure must follow. */
    private static List<String> martTables(java.sql.Connection c) {
        return Sql.on(c)
                .sql("SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'customer_id' "
                        + "AND table_name LIKE 'mart%' AND table_schema = current_schema() ORDER BY table_name")
                .query((r, i) -> r.getString(1))
                .list();
    }

    public CustomerExport export(String customerId) {
        String id = check(customerId);
        List<Map<String, Object>> orders = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT * FROM orders WHERE customer_id = ? ORDER BY ordered_at, order_id, sku")
                .param(Sql.text(id))
                .query(CustomerPrivacy::textRow)
                .list());
        Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();
        List<String> personalFields = new ArrayList<>();
        for (Contract c : customerDatasets()) {
            personal(c).forEach(col -> personalFields.add(c.dataset() + "." + col));
            if (!c.dataset().equals("orders")) {
                records.put(c.dataset(), rows(c.table(), id));
            }
        }
        long quarantined = warehouse.withConnection(c -> quarantined(c, id, null));
        List<String> files = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (RawFile f : rawCustomerFiles()) {
            CustomerRows.Found found = f.text() ? f.rows(id, null).found() : null;
            if (found == null) {
                unchecked.add(relative(f.path()));
            } else if (found.rows() > 0) {
                files.add(relative(f.path()));
            }
        }
        audit.record(new AuditTrail.Entry(
                AuditTrail.Category.EXPORT,
                "gdpr_export",
                "customer",
                pseudonym(id),
                null,
                null,
                (long) orders.size(),
                "ok"));
        return new CustomerExport(id, orders, records, personalFields, quarantined, files, unchecked);
    }

    public Erasure erase(String customerId) {
        String id = check(customerId);
        String pseudonym = pseudonym(id);
        List<String> rewritten = new ArrayList<>();
        List<String> notRewritten = new ArrayList<>();
        Erasure result = warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            List<java.time.LocalDate> dates = new ArrayList<>(
                    // the pseudonym's dates too: an erasure run again (the lake was down the first time) republishes
                    // them
                    jdbc.sql("SELECT DISTINCT business_date FROM orders WHERE customer_id IN (?, ?) ORDER BY 1")
                            .param(Sql.text(id))
                            .param(Sql.text(pseudonym))
                            .query((r, i) -> r.getDate(1).toLocalDate())
                            .list());
            Map<String, Long> records = new LinkedHashMap<>();
            for (Contract contract : customerDatasets()) {
                if (contract.dataset().equals("orders") || !Sql.tableExists(c, contract.table())) {
                    continue;
                }
                String clear = personal(contract).stream()
                        .map(col -> ", " + col + " = NULL")
                        .collect(java.util.stream.Collectors.joining());
                records.put(contract.dataset(), (long) jdbc.sql("UPDATE " + contract.table() + " SET customer_id = ?"
                                + clear + " WHERE customer_id = ?")
                        .param(Sql.text(pseudonym))
                        .param(Sql.text(id))
                        .update());
            }
            for (String mart : martTables(c)) {
                jdbc.sql("UPDATE " + mart + " SET customer_id = ? WHERE customer_id = ?")
                        .param(Sql.text(pseudonym))
                        .param(Sql.text(id))
                        .update();
            }
            long orders = jdbc.sql("UPDATE orders SET customer_id = ? WHERE customer_id = ?")
                    .param(Sql.text(pseudonym))
                    .param(Sql.text(id))
                    .update();
            long quarantined = quarantined(c, id, pseudonym);
            for (RawFile f : rawCustomerFiles()) {
                Scanned scanned = f.text() ? f.rows(id, pseudonym) : null;
                CustomerRows.Found found = scanned == null ? null : scanned.found();
                if (found == null) {
                    notRewritten.add(relative(f.path()));
                    continue;
                }
                if (found.rows() == 0) {
                    continue;
                }
                byte[] bytes = found.text().getBytes(scanned.charset());
                try {
                    Path tmp = f.path().resolveSibling(f.path().getFileName() + ".erasing");
                    Files.write(tmp, bytes);
                    Files.move(tmp, f.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                jdbc.sql("UPDATE raw_manifest SET sha256 = ?, size_bytes = ? WHERE lake_path = ?")
                        .param(Sql.text(ApiTokens.sha256Bytes(bytes)))
                        .param((long) bytes.length)
                        .param(Sql.text(relative(f.path())))
                        .update();
                rewritten.add(relative(f.path()));
            }
            Erasure e = new Erasure(
                    pseudonym,
                    orders,
                    records,
                    quarantined,
                    List.copyOf(rewritten),
                    List.copyOf(notRewritten),
                    List.copyOf(dates));
            AuditTrail.write(c, AuditTrail.Entry.write("gdpr_erase", "customer", pseudonym, null, e, orders));
            return e;
        });
        if (!result.datesRebuilt().isEmpty()) {
            // the marts of those dates are rebuilt from the pseudonymised facts, so nothing derived still holds the id
            models.refreshOutsideRun(new java.util.TreeSet<>(result.datesRebuilt()), onTrino);
        }
        if (lake != null && !result.datesRebuilt().isEmpty()) {
            try {
                lake.rewriteHistory("orders", new java.util.TreeSet<>(result.datesRebuilt()));
            } catch (RuntimeException e) {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.LAKE_UNAVAILABLE,
                        "The customer is erased from the warehouse, quarantine and raw files (" + pseudonym
                                + "), but the lake's orders still hold the id: " + e.getMessage()
                                + ". Run the erasure again once Trino answers; it rewrites the lake's orders and"
                                + " expires their older snapshots.",
                        e);
            }
        }
        return result;
    }

    /** A stable pseudonym: the same customer always maps to the same value, which reveals nothing of the id. */
    static String pseudonym(String id) {
        return "erased-" + ApiTokens.sha256(id).substring(0, 16);
    }

    /**
     * The customer's quarantined rows (by the customer column of their raw values), rewritten to {@code pseudonym} when
     * it is not null. A quarantined line that could not be split into columns is matched by the id as a whole cell: it
     * may be another customer's line that holds the same value elsewhere, which erasure then rewrites too (it was never
     * loaded) rather than leave the customer's id in place.
     */
    private long quarantined(java.sql.Connection c, String id, String pseudonym) {
        JdbcClient jdbc = Sql.on(c);
        List<String[]> candidates = jdbc.sql("SELECT feed_id, dataset, source_line, raw_values FROM quarantine "
                        + "WHERE dataset IN (" + datasetList() + ") AND POSITION(? IN raw_values) > 0")
                .param(Sql.text(id))
                .query((r, i) -> new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)})
                .list();
        long rows = 0;
        for (String[] q : candidates) {
            Contract contract = contracts.get(q[1]);
            CustomerRows.Found found = new CustomerRows(contract, id).inQuarantined(q[3], pseudonym);
            String rewritten;
            if (found != null) {
                if (found.rows() == 0) {
                    continue;
                }
                rewritten = found.text();
            } else if (mentions(q[3], id)) {
                rewritten = pseudonym == null
                        ? q[3]
                        : cells(id).matcher(q[3]).replaceAll(Matcher.quoteReplacement(pseudonym));
            } else {
                continue;
            }
            rows++;
            if (pseudonym != null) {
                jdbc.sql(
                                "UPDATE quarantine SET raw_values = ? WHERE feed_id = ? AND dataset = ? AND raw_values = ? AND "
                                        + (q[2] == null
                                                ? "source_line IS NULL"
                                                : "source_line = " + Long.parseLong(q[2])))
                        .param(Sql.text(rewritten))
                        .param(Sql.text(q[0]))
                        .param(Sql.text(q[1]))
                        .param(Sql.text(q[3]))
                        .update();
            }
        }
        return rows;
    }

    /** A raw file of a customer dataset, with its dataset's contract. */
    private record RawFile(Path path, Contract contract, boolean text) {

        /**
         * The customer's rows in it (rewritten when {@code pseudonym} is not null; null: no customer column), read once,
         * as UTF-8 when the bytes are valid UTF-8, else as ISO-8859-1, which maps every byte to one character and back:
         * a file exported in a legacy code page is rewritten with only the customer's cells changed, not re-encoded.
         */
        Scanned rows(String id, String pseudonym) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            java.nio.charset.Charset charset = StandardCharsets.UTF_8;
            String content;
            try {
                content = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                charset = StandardCharsets.ISO_8859_1;
                content = new String(bytes, charset);
            }
            return new Scanned(
                    new CustomerRows(contract, id)
                            .inFile(content, path.getFileName().toString(), pseudonym),
                    charset);
        }
    }

    /** What a raw file holds of the customer ({@code found} null: no customer column) and the charset it was read in. */
    private record Scanned(CustomerRows.Found found, java.nio.charset.Charset charset) {}

    private List<RawFile> rawCustomerFiles() {
        return warehouse.withConnection(c -> {
            List<RawFile> out = new ArrayList<>();
            Sql.on(c)
                    .sql("SELECT lake_path, dataset FROM raw_manifest WHERE dataset IN (" + datasetList()
                            + ") ORDER BY lake_path")
                    .query((ResultSet r) -> {
                        Path f = warehouse.dataDir().resolve(r.getString(1)).normalize();
                        if (f.startsWith(warehouse.dataDir()) && Files.isRegularFile(f)) {
                            out.add(new RawFile(f, contracts.get(r.getString(2)), isText(f)));
                        }
                    });
            return out;
        });
    }

    /** The customer datasets as a SQL list of literals (names come from contracts: lower-case letters, digits and underscores). */
    private String datasetList() {
        return customerDatasets().stream()
                .map(c -> "'" + c.dataset() + "'")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private String relative(Path f) {
        return warehouse.dataDir().relativize(f).toString();
    }

    private static boolean isText(Path f) {
        String name = f.getFileName().toString().toLowerCase();
        return TEXT.stream().anyMatch(name::endsWith);
    }

    private static boolean mentions(String text, String id) {
        return cells(id).matcher(text).find();
    }

    /** The id as a whole value (not inside a longer id): bounded by a delimiter, quote or line end. */
    private static Pattern cells(String id) {
        return Pattern.compile(
                "(?<=^|[,;\\t|\"':\\s])" + Pattern.quote(id) + "(?=$|[,;\\t|\"'\\s}])", Pattern.MULTILINE);
    }

    private static String check(String customerId) {
        if (customerId == null || customerId.isBlank() || customerId.length() > 200) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'customer_id' is required (the id as it appears in the orders feed).");
        }
        return customerId.strip();
    }
}
