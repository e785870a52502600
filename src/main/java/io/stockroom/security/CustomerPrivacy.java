package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * GDPR for a customer id: everything held about it (orders, quarantined rows, raw files that mention it) as JSON, and
 * erasure by pseudonymisation across the orders facts, quarantine and the raw lake (text files are rewritten and their
 * manifest checksum updated; compressed or binary files are listed as not rewritten, never silently skipped).
 * No mart reads customer_id, so the marts are unchanged by an erasure (checked in the test).
 */
@Service
public class CustomerPrivacy {

    private static final List<String> TEXT = List.of(".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl");

    public record CustomerExport(String customerId, List<Map<String, Object>> orders, long quarantinedRows, List<String> rawFiles) {}

    public record Erasure(String pseudonym, long orders, long quarantinedRows, List<String> rawFilesRewritten, List<String> rawFilesNotRewritten) {}

    private final Warehouse warehouse;
    private final AuditTrail audit;

    public CustomerPrivacy(Warehouse warehouse, AuditTrail audit) {
        this.warehouse = warehouse;
        this.audit = audit;
    }

    public CustomerExport export(String customerId) {
        String id = check(customerId);
        List<Map<String, Object>> orders = warehouse.withConnection(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM orders WHERE customer_id = ? ORDER BY ordered_at, order_id, sku")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    ResultSetMetaData m = r.getMetaData();
                    while (r.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= m.getColumnCount(); i++) {
                            Object v = r.getObject(i);
                            row.put(m.getColumnLabel(i), v == null ? null : v.toString());
                        }
                        out.add(row);
                    }
                }
            }
            return out;
        });
        long quarantined = countQuarantine(id);
        List<String> files = new ArrayList<>();
        for (Path f : rawOrderFiles()) {
            if (isText(f) && mentions(read(f), id)) {
                files.add(relative(f));
            }
        }
        audit.record(new AuditTrail.Entry(AuditTrail.Category.EXPORT, "gdpr_export", "customer", pseudonym(id), null, null,
                (long) orders.size(), "ok"));
        return new CustomerExport(id, orders, quarantined, files);
    }

    public Erasure erase(String customerId) {
        String id = check(customerId);
        String pseudonym = pseudonym(id);
        List<String> rewritten = new ArrayList<>();
        List<String> notRewritten = new ArrayList<>();
        Erasure result = warehouse.inTransaction(c -> {
            long orders;
            try (PreparedStatement p = c.prepareStatement("UPDATE orders SET customer_id = ? WHERE customer_id = ?")) {
                p.setString(1, pseudonym);
                p.setString(2, id);
                orders = p.executeUpdate();
            }
            long quarantined;
            try (PreparedStatement p = c.prepareStatement("UPDATE quarantine SET raw_values = replace(raw_values, ?, ?) "
                    + "WHERE dataset = 'orders' AND POSITION(? IN raw_values) > 0")) {
                p.setString(1, id);
                p.setString(2, pseudonym);
                p.setString(3, id);
                quarantined = p.executeUpdate();
            }
            for (Path f : rawOrderFiles()) {
                if (!isText(f)) {
                    notRewritten.add(relative(f));
                    continue;
                }
                String text = read(f);
                if (!mentions(text, id)) {
                    continue;
                }
                String replaced = cells(id).matcher(text).replaceAll(Matcher.quoteReplacement(pseudonym));
                byte[] bytes = replaced.getBytes(StandardCharsets.UTF_8);
                try {
                    Path tmp = f.resolveSibling(f.getFileName() + ".erasing");
                    Files.write(tmp, bytes);
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE raw_manifest SET sha256 = ?, size_bytes = ? WHERE lake_path = ?")) {
                    p.setString(1, ApiTokens.sha256Bytes(bytes));
                    p.setLong(2, bytes.length);
                    p.setString(3, relative(f));
                    p.executeUpdate();
                }
                rewritten.add(relative(f));
            }
            Erasure e = new Erasure(pseudonym, orders, quarantined, List.copyOf(rewritten), List.copyOf(notRewritten));
            AuditTrail.write(c, AuditTrail.Entry.write("gdpr_erase", "customer", pseudonym, null, e, orders));
            return e;
        });
        return result;
    }

    /** A stable pseudonym: the same customer always maps to the same value, which reveals nothing of the id. */
    static String pseudonym(String id) {
        return "erased-" + ApiTokens.sha256(id).substring(0, 16);
    }

    private long countQuarantine(String id) {
        return warehouse.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM quarantine WHERE dataset = 'orders' AND POSITION(? IN raw_values) > 0")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private List<Path> rawOrderFiles() {
        return warehouse.withConnection(c -> {
            List<Path> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT lake_path FROM raw_manifest WHERE dataset = 'orders' ORDER BY lake_path");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Path f = warehouse.dataDir().resolve(r.getString(1)).normalize();
                    if (f.startsWith(warehouse.dataDir()) && Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            }
            return out;
        });
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
        return Pattern.compile("(?<=^|[,;\\t|\"':\\s])" + Pattern.quote(id) + "(?=$|[,;\\t|\"'\\s}])", Pattern.MULTILINE);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String check(String customerId) {
        if (customerId == null || customerId.isBlank() || customerId.length() > 200) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "Parameter 'customer_id' is required (the id as it appears in the orders feed).");
        }
        return customerId.strip();
    }
}
