package io.stockroom.model;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a model file: a header of {@code -- key: value} comment lines, then one SELECT. See docs/models.md. */
final class ModelParser {

    private static final Pattern HEADER_LINE = Pattern.compile("--\\s*([a-z_]+)\\s*:\\s*(.*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OFFSET_RANGE = Pattern.compile("(\\d+)\\s*\\.\\.\\s*(\\d+)");
    private static final Set<String> KEYS = Set.of(
            "model",
            "description",
            "depends_on",
            "grain",
            "incremental_by",
            "reads_back",
            "dialect",
            "tests",
            "indexes");
    /** An index line is left out of the definition's hash: adding an index builds the index, not the table again. */
    private static final Pattern INDEXES_LINE = Pattern.compile("(?m)^[ \\t]*--[ \\t]*indexes[ \\t]*:.*(\\R|\\z)");

    private ModelParser() {}

    static Model parse(String fileName, String text) {
        try {
            return parseOrThrow(fileName, text);
        } catch (IllegalArgumentException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Model file " + fileName + ": " + e.getMessage() + ". See docs/models.md for the header format.",
                    e);
        }
    }

    private static Model parseOrThrow(String fileName, String text) {
        String name = null;
        String description = "";
        List<String> dependsOn = List.of();
        List<String> grain = List.of();
        String incrementalBy = null;
        String readsBack = null;
        String dialect = null;
        List<ModelCheck> checks = new ArrayList<>();
        List<ModelIndex> indexes = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        int body = 0;
        boolean inHeader = true;
        for (; body < lines.length; body++) {
            String line = lines[body].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("--")) {
                break;
            }
            Matcher m = HEADER_LINE.matcher(line);
            if (!inHeader || !m.matches()) {
                inHeader = false; // the header ends at the first prose comment
                continue;
            }
            String key = m.group(1);
            String value = m.group(2).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown header key '" + key + "' (known: " + new TreeSet<>(KEYS) + ")");
            }
            switch (key) {
                case "model" -> name = identifier(value, "model");
                case "description" -> description = value;
                case "depends_on" -> dependsOn = identifiers(value, "depends_on");
                case "grain" -> grain = identifiers(value, "grain");
                case "incremental_by" -> incrementalBy = value;
                case "reads_back" -> readsBack = value;
                case "dialect" -> dialect = value.toLowerCase();
                case "tests" -> splitTopLevel(value).forEach(t -> checks.add(ModelCheck.parse(t)));
                case "indexes" -> splitTopLevel(value).forEach(t -> indexes.add(ModelIndex.parse(t)));
                default -> throw new IllegalStateException(key);
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("the header has no '-- model: <name>' line");
        }
        String stem = fileName.replaceAll(".*/", "").replaceFirst("\\.sql$", "");
        if (!stem.equals(name)) {
            throw new IllegalArgumentException(
                    "the model is named '" + name + "' but the file is " + stem + ".sql; use the same name");
        }
        if (incrementalBy == null) {
            throw new IllegalArgumentException(
                    "the header has no '-- incremental_by: <date column>' (or 'full', or 'view') line");
        }
        Materialization materialization;
        if (incrementalBy.equals("full") || incrementalBy.equals("view")) {
            if (readsBack != null) {
                throw new IllegalArgumentException("reads_back only applies to incremental models");
            }
            materialization = incrementalBy.equals("full") ? new Materialization.Full() : new Materialization.View();
        } else {
            materialization =
                    new Materialization.Incremental(identifier(incrementalBy, "incremental_by"), offsets(readsBack));
        }
        String sql =
                String.join("\n", List.of(lines).subList(body, lines.length)).strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            throw new IllegalArgumentException("there is no SELECT after the header");
        }
        if (materialization instanceof Materialization.Incremental && !sql.contains(":from_date")) {
            throw new IllegalArgumentException(
                    "an incremental model must restrict its rows with :from_date and :to_date");
        }
        if (materialization instanceof Materialization.View
                && (sql.contains(":from_date") || sql.contains(":to_date"))) {
            throw new IllegalArgumentException("a view has no :from_date or :to_date (readers filter it); remove them");
        }
        if (!indexes.isEmpty() && materialization instanceof Materialization.View) {
            throw new IllegalArgumentException("a view has no indexes; remove the indexes line");
        }
        for (ModelIndex index : indexes) {
            if (index.name(name).length() > ModelIndex.MAX_NAME) {
                throw new IllegalArgumentException("the index name " + index.name(name) + " is longer than "
                        + ModelIndex.MAX_NAME + " characters; index fewer columns");
            }
        }
        String defining = INDEXES_LINE.matcher(text).replaceAll("");
        return new Model(
                name, description, dependsOn, grain, materialization, dialect, checks, indexes, sql, sha256(defining));
    }

    /** {@code 0..27} or {@code 0, 7, 364}; absent means {@code 0}. */
    private static TreeSet<Integer> offsets(String value) {
        TreeSet<Integer> out = new TreeSet<>();
        if (value == null || value.isBlank()) {
            out.add(0);
            return out;
        }
        for (String part : value.split(",")) {
            String p = part.strip();
            Matcher range = OFFSET_RANGE.matcher(p);
            if (range.matches()) {
                int from = Integer.parseInt(range.group(1));
                int to = Integer.parseInt(range.group(2));
                if (to < from) {
                    throw new IllegalArgumentException("reads_back range '" + p + "' runs backwards");
                }
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            } else if (p.matches("\\d+")) {
                out.add(Integer.parseInt(p));
            } else {
                throw new IllegalArgumentException(
                        "reads_back '" + value + "' must list day offsets like '0..27' or '0, 7, 364'");
            }
        }
        return out;
    }

    /** Splits on commas outside parentheses: {@code unique(a, b), not_null(c)} is two tests. */
    static List<String> splitTopLevel(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            }
            if (ch == ',' && depth == 0) {
                add(out, cur);
            } else {
                cur.append(ch);
            }
        }
        add(out, cur);
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses in tests: " + value);
        }
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        cur.setLength(0);
    }

    private static List<String> identifiers(String value, String key) {
        return List.of(value.split(",")).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> identifier(s, key))
                .toList();
    }

    private static String identifier(String value, String key) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a plain name");
        }
        return value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
