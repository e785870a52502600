package io.stockroom.ingest.format;

import io.stockroom.quality.CheckPlan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON records to a UTF-8 CSV: a top-level array of objects, or objects one after another (NDJSON). Read with the
 * streaming parser one record at a time, twice: once for the union of keys (the header), once to write the rows.
 * Nested objects become {@code parent_child} columns; an array of objects (order lines) becomes one row per element
 * with the parent's fields copied, a child field that clashes with a parent field prefixed with the array's name.
 */
final class JsonConverter {

    static final CSVFormat CSV =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final JsonFactory JSON = new JsonFactory();

    private final WorkFiles work;
    private final Headers.Limit limit;

    JsonConverter(WorkFiles work, Headers.Limit limit) {
        this.work = work;
        this.limit = limit;
    }

    /** A JSON value as read from one record. */
    private sealed interface Node permits Scalar, Obj, Arr {}

    /** A string, number, boolean or null; numbers and booleans keep their JSON text. */
    private record Scalar(String text, boolean string) implements Node {}

    private record Obj(Map<String, Node> fields) implements Node {}

    private record Arr(List<Node> items) implements Node {}

    DecodedFile convert(Path original, Source source, Head head, String name, List<String> notes) throws IOException {
        Charset charset = head.charset();
        Shape shape;
        try {
            shape = shape(source, head, charset, name, limit);
        } catch (NotUtf8 retry) {
            charset = Charset.forName("windows-1252");
            shape = shape(source, head, charset, name, limit);
        }
        Set<String> keys = shape.keys();
        Set<String> exploded = shape.exploded();
        long[] counts = {shape.records(), shape.rows()};
        if (counts[1] == 0 || keys.isEmpty()) {
            throw Problems.empty(name);
        }
        if (keys.remove(CheckPlan.NESTED)) {
            keys.add(CheckPlan.NESTED); // last, out of the way of the data columns
        }
        List<String> columns = List.copyOf(keys);
        List<String> header = Headers.normalize(columns, name);

        Path csv = work.create(name, ".csv");
        long[] underscores = {0};
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), Utf8.BUFFER);
                CSVPrinter printer = new CSVPrinter(out, CSV)) {
            printer.printRecord(header);
            List<String> values = new ArrayList<>(columns.size());
            read(source, head, charset, name, record -> {
                for (Map<String, String> row : flatten(record, "", new LinkedHashSet<>())) {
                    values.clear();
                    for (String column : columns) {
                        String value = row.getOrDefault(column, "");
                        if (value.indexOf('_') >= 0) {
                            underscores[0] = DecodedFile.withUnderscore(underscores[0], values.size());
                        }
                        values.add(value);
                    }
                    try {
                        printer.printRecord(values);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(csv);
            throw e;
        }

        List<String> allNotes = new ArrayList<>(notes);
        allNotes.add("converted from JSON (" + counts[0] + " record(s)) to CSV");
        if (!exploded.isEmpty()) {
            allNotes.add("flattened: one row per element of "
                    + String.join(
                            ", ", exploded.stream().map(k -> "'" + k + "'").toList()));
        }
        String encoding = encodingLabel(head, charset);
        if (!charset.equals(StandardCharsets.UTF_8) && !head.utf16()) {
            allNotes.add("converted from Latin-1/Windows-1252 to UTF-8");
        }
        return new DecodedFile(
                original,
                name,
                SourceFormat.JSON,
                csv,
                false,
                ',',
                false,
                encoding,
                header,
                counts[1],
                allNotes,
                false,
                List.of(),
                underscores[0],
                List.of());
    }

    private static String encodingLabel(Head head, Charset charset) {
        if (head.utf16()) {
            return head.charset().name();
        }
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return "windows-1252";
        }
        return head.bom() > 0 ? "UTF-8 (BOM)" : "UTF-8";
    }

    /** What the first pass learns: the union of keys, the arrays that were flattened, how many records and rows. */
    private record Shape(Set<String> keys, Set<String> exploded, long records, long rows) {}

    private static Shape shape(Source source, Head head, Charset charset, String name, Headers.Limit limit)
            throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> exploded = new LinkedHashSet<>();
        long[] counts = new long[2];
        read(source, head, charset, name, record -> {
            counts[0]++;
            for (Map<String, String> row : flatten(record, "", exploded)) {
                counts[1]++;
                keys.addAll(row.keySet());
                limit.check(
                        keys.size(), name); // as the keys grow: a file with a million keys stops at the first thousand
            }
        });
        return new Shape(keys, exploded, counts[0], counts[1]);
    }

    /** Thrown when the JSON is not UTF-8: the file is read again as Windows-1252. */
    private static final class NotUtf8 extends RuntimeException {
        NotUtf8() {
            super(null, null, false, false);
        }
    }

    private static void read(Source source, Head head, Charset charset, String name, Consumer<Obj> records)
            throws IOException {
        try (InputStream in = source.open()) {
            in.skipNBytes(head.bom());
            JsonParser parser = charset.equals(StandardCharsets.UTF_8)
                    ? JSON.createParser(ObjectReadContext.empty(), in)
                    : JSON.createParser(ObjectReadContext.empty(), new InputStreamReader(in, charset));
            try (parser) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    long index = 0;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        index++;
                        if (token != JsonToken.START_OBJECT) {
                            throw notAnObject(name, "element " + index + " of the top-level array", token);
                        }
                        records.accept(readObject(parser));
                    }
                    token = parser.nextToken();
                    if (token != null) {
                        throw Problems.unreadable(
                                name,
                                "has more JSON after its top-level array (near line "
                                        + parser.currentLocation().getLineNr()
                                        + "); send one array of objects, or one object per line.");
                    }
                } else {
                    long index = 0;
                    for (; token != null; token = parser.nextToken()) {
                        index++;
                        if (token != JsonToken.START_OBJECT) {
                            throw notAnObject(name, "JSON value " + index, token);
                        }
                        records.accept(readObject(parser));
                    }
                }
            }
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            if (charset.equals(StandardCharsets.UTF_8) && message != null && message.contains("Invalid UTF-8")) {
                throw new NotUtf8();
            }
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " near line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw Problems.unreadable(
                    name,
                    "is not valid JSON" + where + " (" + firstLine(message)
                            + "); fix it or export it again as an array of objects or one object per line.",
                    e);
        }
    }

    private static RuntimeException notAnObject(String name, String what, JsonToken token) {
        return Problems.unreadable(
                name,
                "is JSON but " + what + " is " + describe(token)
                        + ", not an object; each record must be an object such as {\"sku\": \"A1\", \"units\": 2}.");
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Obj readObject(JsonParser parser) {
        Map<String, Node> fields = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            fields.put(key, readValue(parser));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("Unexpected token " + token);
        }
        return new Obj(fields);
    }

    private static Node readValue(JsonParser parser) {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser));
                }
                yield new Arr(items);
            }
            case VALUE_STRING -> new Scalar(parser.getString(), true);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), false);
            case VALUE_NULL -> new Scalar(null, false);
            default -> throw new IllegalStateException("Unexpected token " + token);
        };
    }

    /** One record as rows of column → text; more than one row when it holds an array of objects. */
    private static List<Map<String, String>> flatten(Obj object, String prefix, Set<String> exploded) {
        Map<String, String> base = new LinkedHashMap<>();
        List<Map<String, String>> children = null;
        String childrenName = null;
        StringBuilder nestedKeys = new StringBuilder();
        for (Map.Entry<String, Node> field : object.fields().entrySet()) {
            String key = prefix + field.getKey();
            switch (field.getValue()) {
                case Scalar s -> base.put(key, s.text() == null ? "" : s.text());
                case Obj nested -> {
                    nestedKeys.append(key).append('|');
                    List<Map<String, String>> rows = flatten(nested, key + "_", exploded);
                    if (rows.size() == 1) {
                        mergeNested(base, rows.get(0));
                    } else if (children == null) {
                        children = rows;
                        childrenName = key;
                    } else {
                        base.put(key, json(nested));
                    }
                }
                case Arr array -> {
                    if (array.items().isEmpty()) {
                        nestedKeys.append(key).append('|');
                        continue;
                    }
                    if (children == null && array.items().stream().allMatch(Obj.class::isInstance)) {
                        children = new ArrayList<>();
                        childrenName = key;
                        exploded.add(key);
                        for (Node item : array.items()) {
                            children.addAll(flatten((Obj) item, "", exploded));
                        }
                    } else {
                        nestedKeys.append(key).append('|');
                        base.put(key, json(array));
                    }
                }
            }
        }
        if (!nestedKeys.isEmpty()) {
            base.merge(CheckPlan.NESTED, "|" + nestedKeys, (a, b) -> a + b.substring(1));
        }
        if (children == null) {
            return List.of(base);
        }
        List<Map<String, String>> rows = new ArrayList<>(children.size());
        for (Map<String, String> child : children) {
            Map<String, String> row = new LinkedHashMap<>(base);
            for (Map.Entry<String, String> value : child.entrySet()) {
                if (CheckPlan.NESTED.equals(value.getKey())) {
                    row.merge(CheckPlan.NESTED, value.getValue(), (a, b) -> a + b.substring(1));
                    continue;
                }
                String key = base.containsKey(value.getKey()) ? childrenName + "_" + value.getKey() : value.getKey();
                row.put(key, value.getValue());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Adds a nested object's flattened fields; its own nested keys join this record's. */
    private static void mergeNested(Map<String, String> base, Map<String, String> fields) {
        fields.forEach((k, v) -> {
            if (CheckPlan.NESTED.equals(k)) {
                base.merge(k, v, (a, b) -> a + b.substring(1));
            } else {
                base.put(k, v);
            }
        });
    }

    /** Compact JSON text of a value kept whole in one cell (an array of scalars, a second array of objects). */
    private static String json(Node node) {
        StringBuilder out = new StringBuilder();
        appendJson(node, out);
        return out.toString();
    }

    private static void appendJson(Node node, StringBuilder out) {
        switch (node) {
            case Scalar s when s.text() == null -> out.append("null");
            case Scalar s when !s.string() -> out.append(s.text());
            case Scalar s -> appendString(s.text(), out);
            case Arr a -> {
                out.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendJson(a.items().get(i), out);
                }
                out.append(']');
            }
            case Obj o -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Node> field : o.fields().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendString(field.getKey(), out);
                    out.append(':');
                    appendJson(field.getValue(), out);
                }
                out.append('}');
            }
        }
    }

    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
