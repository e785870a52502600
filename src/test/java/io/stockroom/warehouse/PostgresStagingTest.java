package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stages a file with its own CSV reader when the file has the strict shape, and splits it in Java
 * otherwise. Either way the staged table must be what the Java reader alone stages: the same records, numbers, NULLs,
 * rejects and line numbers.
 */
class PostgresStagingTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void open() {
        w = new TestWarehouse(dir.resolve("data"), TestPostgres.newWarehouse());
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void theServersReaderStagesStrictCsvAsTheJavaReaderDoes() throws IOException {
        String[][] files = {
            {"a,b,c\n1,2,3\n4,5,6\n", ","},
            {"a,b,c\n1,,3\n,\"\",\n\" \",\"\"\"\",x\n", ","},
            {"a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,after,it\n", ","},
            {"a,b,c\r\n1,2,3\r\n4,\"x\r\ny\",6\r\n", ","},
            {"a,b,c\n1,2,3", ","},
            {"a,b,c\n 1 , 2 ,3\n", ","},
            {"a;b\nÄ;€ 1,50\n\\N;NULL\n", ";"},
            {"a\tb\nx\t\"y\"\n", "\t"},
            {"a,b\n", ","},
        };
        for (String[] f : files) {
            Path file = write(f[0], false);
            Dialect.TextFile text = textFile(file, f[1].charAt(0), f[0]);
            assertThat(copied(c -> PostgresDialect.INSTANCE.copyAsCsv(c, "__stg", "__line", text)))
                    .as("the server reads %s", f[0])
                    .isEqualTo(List.of("true"));
            assertThat(staged(c -> stage(c, text))).as(f[0]).isEqualTo(staged(c -> splitInJava(c, text)));
        }
        Path gzip = write("a,b\n1,\"x\ny\"\n2,\n", true);
        Dialect.TextFile text = new Dialect.TextFile(gzip, ',', true, List.of("a", "b"), true, false);
        assertThat(staged(c -> stage(c, text)))
                .containsExactly("staged 2 records, 0 malformed", "1|1|x\ny", "2|2|<null>")
                .isEqualTo(staged(c -> splitInJava(c, text)));
    }

    @Test
    void aFileOfAnyOtherShapeIsSplitInJavaWithItsRejectsAndLineNumbers() throws IOException {
        String[] files = {
            "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n",
            "a,b\n1,2\n\n3,4\n",
            "a,b\n\"x\"y,2\n3,4\n", // the Java reader refuses it, PostgreSQL's would read xy
            "a,b\nx\"y,2\n",
            "a,b\n1,2\r\n3,4\n",
            "a,b\n\\.\n1,2\n",
            "a\n1\n\n2\n",
        };
        for (String f : files) {
            Path file = write(f, false);
            Dialect.TextFile text = textFile(file, ',', f);
            assertThat(copied(c -> PostgresDialect.INSTANCE.copyAsCsv(c, "__stg", "__line", text)))
                    .as("the server does not read %s", f)
                    .isEqualTo(List.of("false"));
            assertThat(staged(c -> stage(c, text))).as(f).isEqualTo(staged(c -> splitInJava(c, text)));
        }
        Dialect.TextFile ragged = textFile(write(files[0], false), ',', files[0]);
        assertThat(staged(c -> stage(c, ragged)))
                .containsExactly(
                        "staged 2 records, 2 malformed",
                        "1|1|2",
                        "4|10|11",
                        "reject line 3 MISSING COLUMNS 4,5",
                        "reject line 4 TOO MANY COLUMNS 6,7,8,9");
    }

    @Test
    void aQuoteLeftOpenFailsTheStagingAsBefore() throws IOException {
        String f = "a,b\n1,2\n\"3,4\n5,6\n";
        Dialect.TextFile text = textFile(write(f, false), ',', f);
        assertThat(staged(c -> stage(c, text)))
                .singleElement()
                .asString()
                .startsWith("fails: cannot read staged.csv as delimited text")
                .contains("a quoted value opened on this record is never closed");
    }

    @Test
    void stagingInsideATransactionKeepsWhatTheTransactionWroteBefore() throws IOException {
        String f = "a,b\n1,2\n3\n";
        Dialect.TextFile text = textFile(write(f, false), ',', f);
        List<String> rows = w.warehouse.withConnection(c -> {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE kept (x INTEGER)");
                    s.execute("INSERT INTO kept VALUES (1)");
                }
                List<String> out = new ArrayList<>(stage(c, text));
                out.add("kept " + scalar(c, "SELECT COUNT(*) FROM kept"));
                c.rollback();
                return out;
            } finally {
                c.setAutoCommit(true);
            }
        });
        assertThat(rows)
                .containsExactly("staged 1 records, 1 malformed", "1|1|2", "reject line 3 MISSING COLUMNS 3", "kept 1");
    }

    @Test
    void theFastPathsReadTypesPlainDatesAndNumbersWhileCopyingAndScreensAnyOtherFileInSql() throws IOException {
        java.util.Map<String, String> types = java.util.Map.of("d", "DATE", "n", "DECIMAL(18,4)");
        String plain = "s,d,n\nA,2026-12-03,12\nB,,-0.5\nC,2026-01-31,\n";
        String quoted = "s,d,n\nA,2026-12-03,\"12\"\nB,,-0.5\nC,2026-01-31,\n";
        List<String> expected = List.of("A|2026-12-03|12.0000", "B|<null>|-0.5000", "C|2026-01-31|<null>");
        for (String f : List.of(plain, quoted)) {
            Dialect.TextFile text = textFile(write(f, false), ',', f);
            List<String> read = w.warehouse.withConnection(c -> {
                c.setAutoCommit(false);
                try {
                    String select = PostgresDialect.INSTANCE
                            .readTyped(c, text, types, List.of())
                            .select();
                    List<String> out = new ArrayList<>();
                    out.add(select.contains("sr_read_") ? "screened in SQL" : "typed while copying");
                    try (Statement s = c.createStatement();
                            ResultSet r = s.executeQuery("SELECT concat_ws('|', s, COALESCE(CAST(d AS TEXT), '<null>'),"
                                    + " COALESCE(CAST(n AS TEXT), '<null>')) FROM " + select + " x ORDER BY s")) {
                        while (r.next()) {
                            out.add(r.getString(1));
                        }
                    }
                    return out;
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            assertThat(read.subList(1, read.size())).as(f).isEqualTo(expected);
            assertThat(read.getFirst())
                    .as("a quoted number is screened in SQL")
                    .isEqualTo(f.equals(plain) ? "typed while copying" : "screened in SQL");
        }
        for (String notPlain :
                List.of("s,d,n\nA,2026-2-3,1\n", "s,d,n\nA,2026-12-03,1e2\n", "s,d,n\nA,2026-02-30,1\n")) {
            Dialect.TextFile text = textFile(write(notPlain, false), ',', notPlain);
            String failure = w.warehouse.withConnection(c -> {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT (d, n)) FROM "
                                + PostgresDialect.INSTANCE
                                        .readTyped(c, text, types, List.of())
                                        .select() + " x")) {
                    r.next();
                    return "read";
                } catch (SQLException e) {
                    return "stops";
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            assertThat(failure).as("the read of %s stops, as before", notPlain).isEqualTo("stops");
        }
    }

    @Test
    void aFileOfPlainValuesIsCopiedStraightIntoItsTableWithTheLoadOnEveryRow() throws IOException {
        String[][] files = {
            {"a,d,n,i\nx,2025-01-02,1.5,7\n\"y,\nz\",,-0.125,\n\"\",2025-01-03,.5,-0\n", "true"},
            {"a,d,n,i\r\nx,2025-01-02,1.5,7\r\n\"y,\r\nz\",,-0.125,\r\n\"\",2025-01-03,.5,-0", "true"},
            {"i;n;d;a\n7;1.5;2025-01-02;x\n;-0.125;;\"y,\nz\"\n-0;.5;2025-01-03;x\n", "false"},
        };
        for (String[] f : files) {
            char delimiter = f[0].contains(";") ? ';' : ',';
            Dialect.TextFile text = textFile(write(f[0], false), delimiter, f[0]);
            List<String> loaded = inTable(c -> List.of(PostgresDialect.INSTANCE
                    .copyTyped(c, text, "__facts", text.header(), TYPES, List.of("a"), 42, Dialect.Completion.NONE)
                    .map(r -> r.rows() + " rows, keys distinct " + r.keysDistinct())
                    .orElse("not copied")));
            assertThat(loaded)
                    .as(f[0])
                    .containsExactlyInAnyOrder(
                            "3 rows, keys distinct " + f[1],
                            (f[1].equals("true") ? "<null>" : "x") + "|2025-01-03|0.500|0|42",
                            "x|2025-01-02|1.500|7|42",
                            "y," + (f[0].contains("\r") ? "\r\n" : "\n") + "z|<null>|-0.125|<null>|42");
        }
    }

    @Test
    void aValueTheTablesInputWouldReadOtherwiseLeavesTheTableAsItWas() throws IOException {
        for (String line : List.of(
                "x,2025-01-02,1.2345,7",
                "x,2025-01-02,1.0005,7",
                "x,2025-01-02,123456789012,7",
                "x,2025-01-02,1e2,7",
                "x,2025-01-02, 1,7",
                "x,2025-01-02,\"1\",7",
                "x,2025-01-02,1,2.0",
                "x,2025-01-02,1,+2",
                "x,2025-01-02,1,1_000",
                "x,2025-02-30,1,7",
                "x,02/01/2025,1,7",
                "x,2025-01-02,,7",
                "x,2025-01-02,1",
                "x,2025-01-02,1,7\n\ny,2025-01-02,1,7")) {
            String content = "a,d,n,i\nw,2025-01-01,1,1\n" + line + "\n";
            Dialect.TextFile text = textFile(write(content, false), ',', content);
            assertThat(inTable(c -> List.of(PostgresDialect.INSTANCE
                            .copyTyped(c, text, "__facts", text.header(), TYPES, List.of(), 1, Dialect.Completion.NONE)
                            .map(r -> r.rows() + " rows")
                            .orElse("not copied"))))
                    .as(line)
                    .containsExactly("not copied");
        }
    }

    @Test
    void whatTheInsertAddsIsCopiedWithTheRowsAndDerivedFromTheValuesAsTheInsertTypesThem() throws IOException {
        String content = "a,d,n,i\nx,2025-01-02,1.5,7\ny,2025-01-03,-0.125,\nz,,0,-0\n";
        Dialect.TextFile text = textFile(write(content, false), ',', content);
        // the insert sees n as DECIMAL(18,4) (1.5000, where the column holds 1.500) and i as BIGINT
        Dialect.Completion completion = new Dialect.Completion(
                java.util.Map.of("c", "CAST('web' AS VARCHAR)"),
                java.util.Map.of("t", "CAST(n AS TEXT) || '/' || COALESCE(CAST(i AS TEXT), '-')", "r", "n < 0"),
                java.util.Map.of("a", "VARCHAR", "d", "DATE", "n", "DECIMAL(18,4)", "i", "BIGINT"));
        List<String> loaded = w.warehouse.withConnection(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE __facts (a VARCHAR, d DATE, n DECIMAL(14,3) NOT NULL, i INTEGER,"
                        + " c VARCHAR NOT NULL, t TEXT NOT NULL, r BOOLEAN NOT NULL,"
                        + " load_seq BIGINT)");
                List<String> out = new ArrayList<>(List.of(PostgresDialect.INSTANCE
                        .copyTyped(c, text, "__facts", text.header(), TYPES, List.of("a"), 3, completion)
                        .map(r -> r.rows() + " rows")
                        .orElse("not copied")));
                try (ResultSet r = s.executeQuery("SELECT concat_ws('|', a, COALESCE(CAST(d AS TEXT), '<null>'), n,"
                        + " COALESCE(CAST(i AS TEXT), '<null>'), c, t, r, load_seq) FROM __facts ORDER BY 1")) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
        assertThat(loaded)
                .containsExactly(
                        "3 rows",
                        "x|2025-01-02|1.500|7|web|1.5000/7|f|3",
                        "y|2025-01-03|-0.125|<null>|web|-0.1250/-|t|3",
                        "z|<null>|0.000|0|web|0.0000/0|f|3");
    }

    /** The fast path's read types: text, a date, a decimal, a whole number (read as a decimal). */
    private static final java.util.Map<String, String> TYPES =
            java.util.Map.of("d", "DATE", "n", "DECIMAL(18,4)", "i", "DECIMAL(18,4)");

    /** What a copy into a fresh fact table __facts said, then its rows (NULL as {@code <null>}); rolled back. */
    private List<String> inTable(Staging copy) {
        return w.warehouse.withConnection(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE __facts (a VARCHAR, d DATE, n DECIMAL(14,3) NOT NULL, i BIGINT,"
                        + " load_seq BIGINT)");
                List<String> out = new ArrayList<>(copy.on(c));
                try (ResultSet r = s.executeQuery("SELECT concat_ws('|', COALESCE(a, '<null>'),"
                        + " COALESCE(CAST(d AS TEXT), '<null>'), n,"
                        + " COALESCE(CAST(i AS TEXT), '<null>'), load_seq) FROM __facts ORDER BY 1")) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    private interface Staging {
        List<String> on(Connection c) throws SQLException;
    }

    private interface Copy {
        boolean on(Connection c) throws SQLException;
    }

    /** What staging gave, or how it failed. */
    private List<String> staged(Staging staging) {
        try {
            return w.warehouse.withConnection(staging::on);
        } catch (io.stockroom.StockroomException e) {
            return List.of("fails: " + e.getCause().getMessage().replaceAll("staged[0-9]+", "staged"));
        }
    }

    private List<String> copied(Copy copy) {
        return w.warehouse.withConnection(c -> List.of(String.valueOf(copy.on(c))));
    }

    private static List<String> stage(Connection c, Dialect.TextFile text) throws SQLException {
        return rows(c, PostgresDialect.INSTANCE.stage(c, "__stg", "__line", text));
    }

    private static List<String> splitInJava(Connection c, Dialect.TextFile text) throws SQLException {
        return rows(c, PostgresDialect.INSTANCE.stageRecordByRecord(c, "__stg", "__line", text));
    }

    /** The staged records (line number, first two columns, NULL shown as {@code <null>}) and the rejects. */
    private static List<String> rows(Connection c, Dialect.Staged staged) throws SQLException {
        List<String> out = new ArrayList<>();
        out.add("staged " + scalar(c, "SELECT COUNT(*) FROM __stg") + " records, " + staged.malformedLines()
                + " malformed");
        String second = staged.headers().size() > 1 ? "\"" + staged.headers().get(1) + "\"" : "'-'";
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT __line, COALESCE(\"" + staged.headers().get(0) + "\", '<null>'), COALESCE(" + second
                                + ", '<null>') FROM __stg ORDER BY __line")) {
            while (r.next()) {
                out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3));
            }
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT line, error_type, csv_line FROM stockroom_reject_errors ORDER BY line")) {
            while (r.next()) {
                out.add("reject line " + r.getLong(1) + " " + r.getString(2) + " " + r.getString(3));
            }
        }
        return out;
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Dialect.TextFile textFile(Path file, char delimiter, String content) {
        String firstLine = content.lines().findFirst().orElse("");
        List<String> header = List.of(firstLine.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1));
        return new Dialect.TextFile(file, delimiter, false, header, content.contains("\"\n"), false);
    }

    private Path write(String content, boolean gzip) throws IOException {
        Path file = Files.createTempFile(dir, "staged", gzip ? ".csv.gz" : ".csv");
        try (OutputStream out =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
