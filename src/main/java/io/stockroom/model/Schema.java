package io.stockroom.model;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The warehouse's tables and their columns, read once per run instead of once per question. */
record Schema(Map<String, Set<String>> columns, Set<String> views) {

    static Schema read(Connection c) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()")) {
            while (r.next()) {
                out.computeIfAbsent(r.getString(1), t -> new HashSet<>()).add(r.getString(2));
            }
        }
        Set<String> views = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND table_schema = current_schema()")) {
            while (r.next()) {
                views.add(r.getString(1));
            }
        }
        return new Schema(out, views);
    }

    boolean isView(String name) {
        return views.contains(name);
    }

    boolean exists(String table) {
        return columns.containsKey(table);
    }

    boolean has(String table, String column) {
        return columns.getOrDefault(table, Set.of()).contains(column);
    }
}
