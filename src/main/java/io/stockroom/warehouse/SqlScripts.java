package io.stockroom.warehouse;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into statements on semicolons outside quotes and comments. */
public final class SqlScripts {

    private SqlScripts() {}

    public static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        boolean dollar = false;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            // PostgreSQL function bodies are $$-quoted and hold semicolons of their own
            if (!single && !dbl && ch == '$' && i + 1 < script.length() && script.charAt(i + 1) == '$') {
                dollar = !dollar;
                cur.append("$$");
                i++;
                continue;
            }
            if (dollar) {
                cur.append(ch);
                continue;
            }
            if (!single && !dbl && ch == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                cur.append('\n');
                continue;
            }
            if (ch == '\'' && !dbl) {
                single = !single;
            } else if (ch == '"' && !single) {
                dbl = !dbl;
            }
            if (ch == ';' && !single && !dbl) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** A script from the classpath (an engine's resource folder), as text. */
    public static String resource(String path) {
        try (java.io.InputStream in = SqlScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.INTERNAL, "The SQL resource " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new io.stockroom.StockroomException(
                    io.stockroom.ErrorCode.INTERNAL, "Cannot read the SQL resource " + path, e);
        }
    }
}
