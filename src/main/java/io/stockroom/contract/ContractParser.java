package io.stockroom.contract;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads one contract YAML file, with messages that name the file and the field that is wrong. */
final class ContractParser {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> TOP = Set.of(
            "dataset",
            "description",
            "kind",
            "table",
            "key",
            "slice",
            "date_column",
            "file_names",
            "columns",
            "exact_duplicates",
            "load_mode",
            "checks",
            "validity",
            "empty_day",
            "identity",
            "null_words");
    private static final Set<String> COLUMN = Set.of(
            "name",
            "type",
            "required",
            "aliases",
            "default",
            "derived",
            "references",
            "rules",
            "description",
            "personal",
            "future_days",
            "null_words");
    private static final Set<String> ROW_CHECK = Set.of("code", "column", "severity", "when", "message");

    private ContractParser() {}

    static Contract parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (RuntimeException e) {
            throw invalid(source, "is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "must be a YAML mapping with dataset, kind, table and columns");
        }
        unknownFields(root, TOP, source, "");
        String dataset = text(root, "dataset", source, true);
        if (!dataset.matches("[a-z][a-z0-9_]*")) {
            throw invalid(source, "dataset '" + dataset + "' must be lower-case letters, digits and underscores");
        }
        DatasetKind kind = enumValue(DatasetKind.class, text(root, "kind", source, true), source, "kind");
        String table = identifier(text(root, "table", source, true), source, "table");
        List<ColumnSpec> columns = new ArrayList<>();
        JsonNode cols = root.get("columns");
        if (cols == null || !cols.isArray() || cols.isEmpty()) {
            throw invalid(source, "needs a non-empty 'columns' list");
        }
        for (JsonNode c : cols) {
            columns.add(column(c, source));
        }
        List<String> names = columns.stream().map(ColumnSpec::name).toList();
        List<String> key = strings(root.get("key"));
        List<String> slice = strings(root.get("slice"));
        String dateColumn = text(root, "date_column", source, false);
        for (String k : concat(key, slice, dateColumn == null ? List.of() : List.of(dateColumn))) {
            if (!names.contains(k)) {
                throw invalid(
                        source, "names column '" + k + "' in key/slice/date_column, but no such column is declared");
            }
        }
        if (kind == DatasetKind.FACT && dateColumn == null) {
            throw invalid(source, "is a fact dataset and needs a date_column");
        }
        List<String> identity = strings(root.get("identity"));
        if (!identity.isEmpty() && (kind != DatasetKind.FACT || !key.isEmpty())) {
            throw invalid(
                    source,
                    "has an identity but " + (key.isEmpty() ? "is master data" : "also a key")
                            + ": identity names what makes a row of a fact without a key the same row; remove it");
        }
        for (String k : identity) {
            if (!names.contains(k)) {
                throw invalid(source, "names column '" + k + "' in identity, but no such column is declared");
            }
        }
        String dup = text(root, "exact_duplicates", source, false);
        String mode = text(root, "load_mode", source, false);
        LoadMode loadMode = mode == null ? null : enumValue(LoadMode.class, mode, source, "load_mode");
        if (loadMode == LoadMode.UPSERT && kind == DatasetKind.FACT && key.isEmpty()) {
            throw invalid(
                    source, "has load_mode upsert but no key: name the key columns, or use append or replace_slice");
        }
        return new Contract(
                dataset,
                text(root, "description", source, false),
                kind,
                table,
                key,
                slice,
                dateColumn,
                strings(root.get("file_names")),
                columns,
                dup == null ? null : enumValue(Severity.class, dup, source, "exact_duplicates"),
                loadMode,
                rowChecks(root.get("checks"), names, source),
                validity(root.get("validity"), names, kind, source),
                emptyDay(text(root, "empty_day", source, false), kind, slice, dateColumn, source),
                identity,
                nullWords(root.get("null_words"), source, ""));
    }

    /**
     * {@code null_words}: a list of the words that mean no value. YAML reads a bare null, true or 0 as no word at all (a
     * null, a boolean, a number), so anything but a string is refused rather than read as some other text.
     */
    private static NullWords nullWords(JsonNode n, String source, String where) {
        if (n == null) {
            return null;
        }
        String field = where + "null_words";
        if (!n.isArray()) {
            throw invalid(
                    source, field + " must be a list of words in quotes, e.g. null_words: ['NULL', 'N/A']; got " + n);
        }
        List<String> words = new ArrayList<>();
        for (JsonNode w : n) {
            if (!w.isString()) {
                throw invalid(
                        source,
                        field + " has " + (w.isNull() ? "a YAML null (a bare null)" : "'" + w + "'")
                                + ", which YAML does not read as a word: write each word in quotes, e.g. 'NULL'");
            }
            String word = w.asString();
            if (word.isBlank()) {
                throw invalid(
                        source, field + " has an empty word: an empty cell is always no value, so list only words");
            }
            if (!word.equals(word.strip())) {
                throw invalid(
                        source,
                        field + " has '" + word + "' with spaces around it: values are trimmed before they are "
                                + "compared, so write it as '" + word.strip() + "'");
            }
            if (words.contains(word)) {
                throw invalid(source, field + " lists '" + word + "' twice");
            }
            words.add(word);
        }
        return new NullWords(words);
    }

    /**
     * {@code empty_day: valid} (a day with no rows is normal: a header-only file loads nothing for its date) or
     * {@code refused} (the default). Only a fact sliced by date alone can say so: a header-only file names no store, so
     * it cannot say which store's day it covers.
     */
    private static boolean emptyDay(
            String value, DatasetKind kind, List<String> slice, String dateColumn, String source) {
        if (value == null || value.equals("refused")) {
            return false;
        }
        if (!value.equals("valid")) {
            throw invalid(source, "empty_day '" + value + "' is not one of [valid, refused]");
        }
        if (kind != DatasetKind.FACT) {
            throw invalid(
                    source,
                    "has empty_day: valid but is master data: an empty master file would say nothing; remove empty_day");
        }
        if (slice.stream().anyMatch(s -> !s.equals(dateColumn))) {
            throw invalid(
                    source,
                    "has empty_day: valid but its slice " + slice + " is finer than the day: a header-only file names "
                            + "no "
                            + String.join(
                                    "/",
                                    slice.stream()
                                            .filter(s -> !s.equals(dateColumn))
                                            .toList())
                            + ", so it cannot say whose day was empty; remove empty_day or slice by " + dateColumn
                            + " only");
        }
        return true;
    }

    private static List<RowCheck> rowChecks(JsonNode checks, List<String> names, String source) {
        List<RowCheck> out = new ArrayList<>();
        if (checks == null || checks.isNull()) {
            return out;
        }
        if (!checks.isArray()) {
            throw invalid(source, "'checks' must be a list of {code, when, message, severity, column}");
        }
        for (JsonNode c : checks) {
            if (!c.isObject()) {
                throw invalid(source, "has a checks entry that is not a mapping: " + c);
            }
            String code = text(c, "code", source, true);
            unknownFields(c, ROW_CHECK, source, "check '" + code + "' ");
            String column = text(c, "column", source, false);
            if (column != null && !names.contains(column)) {
                throw invalid(
                        source, "check '" + code + "' names column '" + column + "', but no such column is declared");
            }
            Severity severity = enumValue(
                    Severity.class,
                    c.has("severity") ? c.get("severity").asString() : "error",
                    source,
                    "check '" + code + "' severity");
            out.add(new RowCheck(
                    code, column, severity, text(c, "when", source, true), text(c, "message", source, true)));
        }
        return out;
    }

    private static Validity validity(JsonNode v, List<String> names, DatasetKind kind, String source) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (kind != DatasetKind.MASTER) {
            throw invalid(source, "has 'validity', which only master datasets (versions by key) can have");
        }
        Validity validity =
                new Validity(text(v, "from", source, true), text(v, "to", source, true), strings(v.get("per")));
        for (String col : concat(List.of(validity.from(), validity.to()), validity.per())) {
            if (!names.contains(col)) {
                throw invalid(source, "names column '" + col + "' in validity, but no such column is declared");
            }
        }
        if (validity.per().isEmpty()) {
            throw invalid(source, "validity needs 'per': the columns whose rows follow each other in time");
        }
        return validity;
    }

    static void checkReferences(Map<String, Contract> all) {
        for (Contract c : all.values()) {
            for (ColumnSpec col : c.columns()) {
                Reference r = col.reference();
                if (r == null) {
                    continue;
                }
                Contract target = all.get(r.dataset());
                if (target == null || target.column(r.column()).isEmpty()) {
                    throw new StockroomException(
                            ErrorCode.CONTRACT_INVALID,
                            "Contract '" + c.dataset() + "' column '" + col.name() + "' references " + r.dataset() + "."
                                    + r.column() + ", which no contract declares. Fix the references entry.");
                }
            }
        }
    }

    private static ColumnSpec column(JsonNode c, String source) {
        if (!c.isObject()) {
            throw invalid(source, "has a column entry that is not a mapping: " + c);
        }
        String name = identifier(text(c, "name", source, true), source, "column name");
        unknownFields(c, COLUMN, source, "column '" + name + "' ");
        ColumnType type =
                enumValue(ColumnType.class, text(c, "type", source, true), source, "column '" + name + "' type");
        boolean required = c.has("required") && c.get("required").asBoolean();
        Reference ref = null;
        JsonNode r = c.get("references");
        if (r != null) {
            String onMissing = r.has("on_missing") ? r.get("on_missing").asString() : "error";
            ref = new Reference(
                    text(r, "dataset", source, true),
                    text(r, "column", source, true),
                    enumValue(
                            Reference.OnMissing.class,
                            onMissing,
                            source,
                            "column '" + name + "' references.on_missing"));
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rs = c.get("rules");
        if (rs != null) {
            for (JsonNode rule : rs) {
                rules.add(rule(rule, source, name));
            }
        }
        JsonNode def = c.get("default");
        return new ColumnSpec(
                name,
                type,
                required,
                strings(c.get("aliases")),
                def == null || def.isNull() ? null : def.asString(),
                text(c, "derived", source, false),
                ref,
                rules,
                text(c, "description", source, false),
                c.has("personal") && c.get("personal").asBoolean(),
                futureDays(c, source, name),
                columnNullWords(c, source, name));
    }

    private static NullWords columnNullWords(JsonNode c, String source, String column) {
        NullWords words = nullWords(c.get("null_words"), source, "column '" + column + "' ");
        if (words != null && c.has("derived")) {
            throw invalid(
                    source,
                    "column '" + column + "' has null_words but is derived: it is not read from the file; remove them");
        }
        return words;
    }

    private static Integer futureDays(JsonNode c, String source, String column) {
        JsonNode n = c.get("future_days");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || n.asInt() < 0) {
            throw new StockroomException(
                    ErrorCode.CONTRACT_INVALID,
                    source + ": column '" + column + "' future_days must be a whole number of "
                            + "days, 0 or more (how far after today the date may lie), got '" + n.asString() + "'");
        }
        return n.asInt();
    }

    private static Rule rule(JsonNode rule, String source, String column) {
        String where = "column '" + column + "' rule";
        Severity severity = enumValue(
                Severity.class,
                rule.has("severity") ? rule.get("severity").asString() : "error",
                source,
                where + " severity");
        String code = rule.has("code") ? rule.get("code").asString() : null;
        String message = rule.has("message") ? rule.get("message").asString() : null;
        if (rule.has("min") || rule.has("max")) {
            return new Rule.Range(
                    decimal(rule.get("min")),
                    decimal(rule.get("max")),
                    severity,
                    code == null ? "OUT_OF_RANGE" : code,
                    message);
        }
        if (rule.has("accepted")) {
            return new Rule.Accepted(
                    strings(rule.get("accepted")), severity, code == null ? "NOT_ACCEPTED_VALUE" : code, message);
        }
        if (rule.has("rejected")) {
            return new Rule.Rejected(
                    strings(rule.get("rejected")), severity, code == null ? "REJECTED_VALUE" : code, message);
        }
        if (rule.has("pattern")) {
            return new Rule.Pattern(
                    rule.get("pattern").asString(), severity, code == null ? "PATTERN_MISMATCH" : code, message);
        }
        throw invalid(source, where + " needs one of min/max, accepted, rejected or pattern: " + rule);
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : new BigDecimal(n.asString());
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asString()));
        } else {
            out.add(n.asString());
        }
        return out;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    private static String text(JsonNode node, String field, String source, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asString().isBlank()) {
            if (required) {
                throw invalid(source, "is missing '" + field + "'");
            }
            return null;
        }
        return v.asString().strip();
    }

    private static String identifier(String value, String source, String what) {
        if (!value.matches("[a-z][a-z0-9_]*")) {
            throw invalid(source, what + " '" + value + "' must be lower-case letters, digits and underscores");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String source, String what) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw invalid(source, what + " '" + value + "' is not one of " + allowed);
        }
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String source, String where) {
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw invalid(
                        source,
                        where + "has unknown field '" + n + "'; allowed: "
                                + allowed.stream().sorted().toList());
            }
        }
    }

    private static StockroomException invalid(String source, String problem) {
        return new StockroomException(ErrorCode.CONTRACT_INVALID, "Contract " + source + " " + problem + ".");
    }
}
