package io.stockroom.warehouse;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies the versioned schema scripts in classpath:db/migration (V{n}__{name}.sql) once each, in order; an engine
 * may spell a script its own way in db/migration/{engine}/ (same version).
 */
final class SchemaMigrator {

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private final Warehouse warehouse;

    SchemaMigrator(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    void migrate() {
        Resource[] scripts = scripts(warehouse.dialect().name());
        warehouse.inTransaction(c -> {
            warehouse.lockMigrations(c);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
            }
            Set<Integer> applied = applied(c);
            refuseNewer(applied, scripts);
            for (Resource script : scripts) {
                int version = version(script);
                if (applied.contains(version)) {
                    continue;
                }
                apply(c, script);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, script.getFilename());
                    p.setTimestamp(3, Timestamp.from(Instant.now()));
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    /** True when every schema script of this build is applied (reads only: for a warehouse opened read-only). */
    static boolean isCurrent(Warehouse warehouse) {
        Set<Integer> applied;
        try {
            applied = warehouse.withConnection(SchemaMigrator::applied);
        } catch (StockroomException e) {
            return false; // no schema_version table: a warehouse never migrated
        }
        Resource[] scripts = scripts(warehouse.dialect().name());
        refuseNewer(applied, scripts);
        for (Resource script : scripts) {
            if (!applied.contains(version(script))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The common scripts (db/migration), each replaced by the engine's own script of the same version where one
     * exists (db/migration/{engine}/V{n}__*.sql, for DDL the engines spell differently), in version order.
     */
    static Resource[] scripts(String engine) {
        java.util.TreeMap<Integer, Resource> byVersion = new java.util.TreeMap<>();
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (Resource r : resolver.getResources("classpath*:db/migration/V*__*.sql")) {
                byVersion.put(version(r), r);
            }
            for (Resource r : resolver.getResources("classpath*:db/migration/" + engine + "/V*__*.sql")) {
                byVersion.put(version(r), r);
            }
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot list schema scripts: " + e.getMessage(), e);
        }
        return byVersion.values().toArray(Resource[]::new);
    }

    /**
     * Refuses a warehouse that a newer Stockroom migrated: this build would read and write tables whose meaning may
     * have changed since (the rollback after an upgrade). Before, it ran on without a word.
     */
    private static void refuseNewer(Set<Integer> applied, Resource[] scripts) {
        int known = java.util.Arrays.stream(scripts)
                .mapToInt(SchemaMigrator::version)
                .max()
                .orElse(0);
        List<Integer> newer = applied.stream().filter(v -> v > known).sorted().toList();
        if (!newer.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "The warehouse was migrated by a newer Stockroom: it has schema version"
                            + (newer.size() == 1
                                    ? " V" + newer.get(0)
                                    : "s V" + newer.get(0) + " to V" + newer.getLast())
                            + ", and this build knows versions up to V" + known + ". Running it could read and write"
                            + " tables whose meaning changed since: run the newer Stockroom again, or restore the"
                            + " warehouse from a backup made before the upgrade.");
        }
    }

    private static Set<Integer> applied(Connection c) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
            while (r.next()) {
                versions.add(r.getInt(1));
            }
        }
        return versions;
    }

    private static void apply(Connection c, Resource script) throws SQLException {
        String sql;
        try {
            sql = script.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.WAREHOUSE_ERROR, "Cannot read " + script.getFilename(), e);
        }
        try (Statement s = c.createStatement()) {
            for (String statement : SqlScripts.split(sql)) {
                s.execute(statement);
            }
        }
    }

    private static int version(Resource r) {
        Matcher m = NAME.matcher(String.valueOf(r.getFilename()));
        if (!m.matches()) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR, "Schema script " + r.getFilename() + " is not named V{n}__{name}.sql");
        }
        return Integer.parseInt(m.group(1));
    }
}
