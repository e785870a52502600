package io.stockroom.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dates the lake is behind the warehouse on (docs/scale.md): the business dates of fact feeds that loaded into a
 * lake table's warehouse table after that table's last publish to the lake began. Every publish ({@link
 * Lake#replaceSlices}) takes these dates along in its commit, so a feed that loaded before a publish began is in the
 * lake, and one that loaded after it is listed here until the next publish. A table the lake has never held is not
 * listed: the models read it from the warehouse.
 *
 * <p>Only the warehouse's own tables are read ({@code feeds}, {@code lake_commits}), so the answer needs no Trino: the
 * API shows it when Trino is down, and a deployment without a lake gets an empty answer.
 */
@org.springframework.stereotype.Component
public final class LakeBacklog {

    private static final String BEHIND = """
            SELECT f.dataset, f.min_date, f.max_date
            FROM feeds f
            JOIN (SELECT table_name, MAX(committed_at) AS published_at FROM lake_commits GROUP BY table_name) p
              ON p.table_name = f.dataset
            WHERE f.status = 'transformed' AND f.duplicate_of IS NULL
              AND f.min_date IS NOT NULL AND f.max_date IS NOT NULL
              AND f.updated_at > p.published_at""";

    private final Warehouse warehouse;

    public LakeBacklog(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Per lake table, the business dates whose warehouse rows changed after its last publish began; empty when none. */
    public Map<String, SortedSet<LocalDate>> behind() {
        return warehouse.withConnection(c -> {
            Map<String, SortedSet<LocalDate>> out = new TreeMap<>();
            Sql.on(c).sql(BEHIND).query((ResultSet r) -> {
                SortedSet<LocalDate> dates = out.computeIfAbsent(r.getString(1), t -> new TreeSet<>());
                LocalDate last = r.getDate(3).toLocalDate();
                for (LocalDate d = r.getDate(2).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
                    dates.add(d);
                }
            });
            return Collections.unmodifiableMap(out);
        });
    }

    /** The dates {@link #behind()} lists for one table. */
    public SortedSet<LocalDate> behind(String table) {
        return behind().getOrDefault(table, Collections.emptySortedSet());
    }
}
