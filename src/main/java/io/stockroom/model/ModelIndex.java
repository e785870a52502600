package io.stockroom.model;

import static java.util.Objects.requireNonNull;

import io.stockroom.warehouse.Dialect.IndexKind;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An index a model's table needs where the engine uses indexes (PostgreSQL), from the header's {@code indexes:} line:
 * {@code brin(business_date)}, {@code btree(store_id, business_date)}.
 *
 * @param kind    BRIN or b-tree
 * @param columns the indexed columns, in order
 */
record ModelIndex(IndexKind kind, List<String> columns) {

    private static final Pattern FORM = Pattern.compile("(brin|btree)\\s*\\(([^()]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** PostgreSQL's longest identifier (NAMEDATALEN - 1): a longer index name would be cut and clash. */
    static final int MAX_NAME = 63;

    ModelIndex {
        requireNonNull(kind, "kind is null");
        columns = List.copyOf(columns);
    }

    static ModelIndex parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "index '" + text + "' must be brin(<column>, ...) or btree(<column>, ...)");
        }
        List<String> columns =
                List.of(m.group(2).split(",")).stream().map(String::strip).toList();
        if (columns.stream().anyMatch(c -> !IDENTIFIER.matcher(c).matches())) {
            throw new IllegalArgumentException("index '" + text + "' must list plain column names");
        }
        return new ModelIndex(IndexKind.valueOf(m.group(1).toUpperCase(Locale.ROOT)), columns);
    }

    /** The index's name on {@code table}: the table, the columns and the kind, so two declarations never share one. */
    String name(String table) {
        return table + "_" + String.join("_", columns) + "_" + kind.name().toLowerCase(Locale.ROOT);
    }
}
