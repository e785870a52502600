package io.stockroom.security;

import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.ingest.format.DelimiterSniffer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One customer's rows in what a file or a quarantined row holds, found by the value of the dataset's customer column
 * (its name or an alias in the header, as the ingest reads it) — never by a cell elsewhere that happens to hold the same
 * text: customer 2 is not a quantity of 2, and customer 17003 is not product 17003. Rewriting puts the pseudonym in
 * that column and "erased" in the dataset's personal columns of those rows only; every other row is left byte for
 * byte as it was.
 */
final class CustomerRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What one text holds of the customer.
     *
     * @param rows the customer's rows in it
     * @param text the text with those rows rewritten (the input when there are none, or when only counting)
     */
    record Found(int rows, String text) {}

    private final Contract contract;
    private final String id;

    CustomerRows(Contract contract, String id) {
        this.contract = contract;
        this.id = id;
    }

    /**
     * The customer's rows in a raw file (delimited text with a header, a JSON array or object, or one JSON object per
     * line), rewritten to {@code pseudonym} when it is not null; null when the file names no customer column (it cannot
     * be told which rows are the customer's).
     */
    Found inFile(String text, String fileName, String pseudonym) {
        String name = fileName.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return inJsonLines(text, pseudonym);
        }
        if (name.endsWith(".json")) {
            return inJson(text, pseudonym);
        }
        return inDelimited(text, fileName, pseudonym);
    }

    /**
     * A quarantined row's raw values (a JSON object of the row as received): whether it is the customer's, rewritten
     * when {@code pseudonym} is not null; null when it is not a JSON object with the customer column (a line that could
     * not be split into columns).
     */
    Found inQuarantined(String rawValues, String pseudonym) {
        JsonNode row;
        try {
            row = JSON.readTree(rawValues);
        } catch (RuntimeException e) {
            return null;
        }
        if (!(row instanceof ObjectNode object) || customerField(object) == null) {
            return null;
        }
        int rows = rewrite(object, pseudonym);
        return new Found(rows, rows > 0 && pseudonym != null ? JSON.writeValueAsString(object) : rawValues);
    }

    private Found inDelimited(String text, String fileName, String pseudonym) {
        char delimiter = DelimiterSniffer.sniff(text, true, fileName).delimiter();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setQuoteMode(QuoteMode.MINIMAL)
                .setRecordSeparator("")
                .get();
        List<CSVRecord> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            parser.forEach(records::add);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null; // not readable as delimited text (an open quote): which rows are whose cannot be told
        }
        if (records.isEmpty()) {
            return null;
        }
        List<String> header = new ArrayList<>();
        records.getFirst().forEach(h -> header.add(h.replace("\uFEFF", "")));
        int customer = index(header, customerColumn());
        if (customer < 0) {
            return null;
        }
        List<Integer> personal = new ArrayList<>();
        for (ColumnSpec c : contract.columns()) {
            int i = c.personal() ? index(header, c) : -1;
            if (i >= 0) {
                personal.add(i);
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int rows = 0;
        for (int r = 1; r < records.size(); r++) {
            CSVRecord record = records.get(r);
            if (record.size() <= customer || !record.get(customer).strip().equals(id)) {
                continue;
            }
            rows++;
            if (pseudonym == null) {
                continue;
            }
            int start = (int) record.getCharacterPosition();
            int end = r + 1 < records.size() ? (int) records.get(r + 1).getCharacterPosition() : text.length();
            while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--; // the line end stays as it was
            }
            List<String> cells = new ArrayList<>(record.toList());
            cells.set(customer, pseudonym);
            for (int i : personal) {
                if (i < cells.size() && !cells.get(i).isBlank()) {
                    cells.set(i, "erased");
                }
            }
            out.append(text, copied, start).append(format.format(cells.toArray()));
            copied = end;
        }
        out.append(text, copied, text.length());
        return new Found(rows, pseudonym == null ? text : out.toString());
    }

    private Found inJson(String text, String pseudonym) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
        int[] rows = {0};
        boolean[] named = {false};
        walk(tree, rows, named, pseudonym);
        if (!named[0]) {
            return null;
        }
        return new Found(rows[0], rows[0] > 0 && pseudonym != null ? JSON.writeValueAsString(tree) : text);
    }

    private void walk(JsonNode node, int[] rows, boolean[] named, String pseudonym) {
        if (node instanceof ObjectNode object && customerField(object) != null) {
            named[0] = true;
            rows[0] += rewrite(object, pseudonym);
            return;
        }
        for (JsonNode child : node) {
            walk(child, rows, named, pseudonym);
        }
    }

    private Found inJsonLines(String text, String pseudonym) {
        StringBuilder out = new StringBuilder(text.length());
        int rows = 0;
        boolean named = false;
        java.util.regex.Matcher line =
                java.util.regex.Pattern.compile("([^\\r\\n]*)(\\r?\\n|$)").matcher(text);
        while (line.find() && line.end() > line.start()) {
            String content = line.group(1);
            Found found = content.isBlank() ? null : inQuarantined(content, pseudonym);
            if (found != null) {
                named = true;
                rows += found.rows();
                content = found.text();
            }
            out.append(content).append(line.group(2));
        }
        return named ? new Found(rows, pseudonym == null ? text : out.toString()) : null;
    }

    /** 1 and the row rewritten (when {@code pseudonym} is not null) if it is the customer's, else 0. */
    private int rewrite(ObjectNode row, String pseudonym) {
        String field = customerField(row);
        JsonNode value = row.get(field);
        if (value == null || value.isNull() || !value.asString("").strip().equals(id)) {
            return 0;
        }
        if (pseudonym != null) {
            row.put(field, pseudonym);
            for (ColumnSpec c : contract.columns()) {
                if (!c.personal()) {
                    continue;
                }
                for (String name : List.copyOf(row.propertyNames())) {
                    if (c.matchesHeader(name) && !row.get(name).isNull()) {
                        row.put(name, "erased");
                    }
                }
            }
        }
        return 1;
    }

    private String customerField(ObjectNode row) {
        ColumnSpec customer = customerColumn();
        for (String name : row.propertyNames()) {
            if (customer.matchesHeader(name)) {
                return name;
            }
        }
        return null;
    }

    private ColumnSpec customerColumn() {
        return contract.column("customer_id").orElseThrow();
    }

    private static int index(List<String> header, ColumnSpec column) {
        for (int i = 0; i < header.size(); i++) {
            if (column.matchesHeader(header.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
