package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of the audit log: every row names the actor and role from the authenticated principal, the client
 * IP, the action and object, before/after state where it applies, the time and the outcome. Writes that change data
 * call {@link #write(Connection, Entry)} inside their own transaction, so the row commits with the change.
 */
@Service
public class AuditTrail {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What kind of event a row is, so view events can be kept for a shorter time than writes. */
    public enum Category {
        WRITE,
        SIGN_IN,
        TOKEN,
        VIEW,
        EXPORT
    }

    /**
     * One audit row before the actor, IP and time are added. {@code businessDate}, {@code fileName} and {@code error}
     * are filled by the pipeline's own events (a feed loaded, a run ended, a recovery at start-up).
     */
    public record Entry(
            Category category,
            String action,
            String entityType,
            String entityId,
            Object before,
            Object after,
            Long records,
            String outcome,
            LocalDate businessDate,
            String fileName,
            String error) {

        public Entry(
                Category category,
                String action,
                String entityType,
                String entityId,
                Object before,
                Object after,
                Long records,
                String outcome) {
            this(category, action, entityType, entityId, before, after, records, outcome, null, null, null);
        }

        public static Entry write(
                String action, String entityType, String entityId, Object before, Object after, Long records) {
            return new Entry(Category.WRITE, action, entityType, entityId, before, after, records, "ok");
        }

        /** A pipeline event: a feed or run of a business date, with its outcome and error text if it failed. */
        public static Entry pipeline(
                String action,
                String entityType,
                String entityId,
                LocalDate businessDate,
                String fileName,
                Long records,
                String outcome,
                String error,
                Object after) {
            return new Entry(
                    Category.WRITE,
                    action,
                    entityType,
                    entityId,
                    null,
                    after,
                    records,
                    outcome,
                    businessDate,
                    fileName,
                    error);
        }
    }

    /** A row as read back. */
    public record Row(
            String id,
            Instant occurredAt,
            String actor,
            String actorRole,
            String clientIp,
            String category,
            String action,
            String entityType,
            String entityId,
            String outcome,
            Long recordCount,
            String beforeValue,
            String afterValue) {}

    public record Query(
            String actor, String action, String entityType, String category, LocalDate from, LocalDate to, int limit) {}

    private final Warehouse warehouse;

    public AuditTrail(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Records an event in its own transaction (sign-ins, views, refusals). */
    public void record(Entry entry) {
        record(CurrentActor.get(), entry);
    }

    public void record(Actor actor, Entry entry) {
        warehouse.inTransaction(c -> {
            write(c, actor, entry);
            return null;
        });
    }

    /** Writes the row on the caller's connection, so it commits or rolls back with the change it describes. */
    public static void write(Connection c, Entry entry) {
        write(c, CurrentActor.get(), entry);
    }

    /**
     * As {@link #write(Connection, Entry)} for a caller that names the actor (the CLI, a scheduled job): the name is
     * kept, role and IP come from the request when it is that actor's.
     */
    public static void write(Connection c, String actorName, Entry entry) {
        write(c, acting(actorName), entry);
    }

    /** The current actor when it has that name (its roles go in the row), else someone known only by the name. */
    private static Actor acting(String actorName) {
        Actor current = CurrentActor.get();
        return current.name().equals(actorName) ? current : Actor.named(actorName);
    }

    static void write(Connection c, Actor actor, Entry e) {
        Sql.on(c)
                .sql("""
                INSERT INTO audit_log (id, occurred_at, actor, actor_role, client_ip, category, action, entity_type, entity_id,
                                       record_count, status, before_value, after_value, ingestion_date, file_name, error_log)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(UUID.randomUUID().toString())
                .param(now())
                .param(Sql.text(actor.name()))
                .param(Sql.text(actor.roleIds()))
                .param(Sql.text(clientIp()))
                .param(Sql.text(e.category().name().toLowerCase()))
                .param(Sql.text(e.action()))
                .param(Sql.text(e.entityType()))
                .param(Sql.text(e.entityId()))
                .param(Sql.orNull(e.records(), Types.BIGINT))
                .param(Sql.text(e.outcome()))
                .param(Sql.text(json(e.before())))
                .param(Sql.text(json(e.after())))
                .param(Sql.date(e.businessDate()))
                .param(Sql.text(e.fileName()))
                .param(Sql.text(e.error()))
                .update();
    }

    /**
     * The time of a row as a UTC date-time: the engine's CURRENT_TIMESTAMP in a TIMESTAMP column is the session's local
     * time (the server's zone), which read back could not say which instant it was.
     */
    static org.springframework.jdbc.core.SqlParameterValue now() {
        return Sql.instant(Instant.now());
    }

    private static String json(Object v) {
        return v == null ? null : JSON.writeValueAsString(v);
    }

    /**
     * One row per line of a set-based change (a bulk approval of thousands of reorder lines), written in one statement
     * on the caller's connection. {@code rowsSql} selects {@code entity_id, before_value, after_value} (JSON text);
     * {@code params} are its positional parameters.
     */
    public static long writeEach(
            Connection c, String actorName, String action, String entityType, String rowsSql, Object... params) {
        Actor actor = acting(actorName);
        return Sql.on(c)
                .sql("""
                INSERT INTO audit_log (id, occurred_at, actor, actor_role, client_ip, category, action, entity_type, entity_id,
                                       record_count, status, before_value, after_value)
                SELECT CAST(gen_random_uuid() AS VARCHAR), ?, ?, ?, ?, 'write', ?, ?, x.entity_id, 1, 'ok',
                       x.before_value, x.after_value
                FROM (""" + rowsSql + ") x")
                .param(now())
                .param(Sql.text(actor.name()))
                .param(Sql.text(actor.roleIds()))
                .param(Sql.text(clientIp()))
                .param(Sql.text(action))
                .param(Sql.text(entityType))
                .params(params)
                .update();
    }

    /** The client's address as the servlet container sees it (behind a proxy: the forwarded one, see docs/security.md). */
    static String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            return r.getRemoteAddr();
        }
        return null;
    }

    public List<Row> query(Query q) {
        if (q.limit() < 1 || q.limit() > 10_000) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'limit' must be between 1 and 10000, got " + q.limit() + ".");
        }
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, actor, actor_role, client_ip, category, action, entity_type, entity_id, status, record_count,
                       before_value, after_value FROM audit_log WHERE 1 = 1""");
        List<Object> params = new ArrayList<>();
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            params.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            params.add(q.action());
        }
        if (q.entityType() != null) {
            sql.append(" AND entity_type = ?");
            params.add(q.entityType());
        }
        if (q.category() != null) {
            sql.append(" AND coalesce(category, 'write') = ?");
            params.add(q.category());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Sql.instant(q.from().atStartOfDay().toInstant(ZoneOffset.UTC))); // UTC days, as rows are written
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Sql.instant(q.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        sql.append(" ORDER BY occurred_at DESC, id LIMIT ").append(q.limit());
        return warehouse.withConnection(c -> Sql.on(c)
                .sql(sql.toString())
                .params(params)
                .query((r, i) -> {
                    Instant t = Sql.instant(r, 2);
                    long n = r.getLong(11);
                    Long recordCount = r.wasNull() ? null : n; // asked right after its own column
                    return new Row(
                            r.getString(1),
                            t,
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6) == null ? "write" : r.getString(6),
                            r.getString(7),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10),
                            recordCount,
                            r.getString(12),
                            r.getString(13));
                })
                .list());
    }

    /** The rows as CSV (RFC 4180: quoted where needed, "\r\n" records; no cell a spreadsheet would run, CsvCells). */
    public static String csv(List<Row> rows) {
        List<List<Object>> cells = rows.stream()
                .map(r -> java.util.Arrays.<Object>asList(
                        r.occurredAt(),
                        r.actor(),
                        r.actorRole(),
                        r.clientIp(),
                        r.category(),
                        r.action(),
                        r.entityType(),
                        r.entityId(),
                        r.outcome(),
                        r.recordCount(),
                        r.beforeValue(),
                        r.afterValue()))
                .toList();
        return io.stockroom.export.CsvCells.write(
                List.of(
                        "occurred_at",
                        "actor",
                        "actor_role",
                        "client_ip",
                        "category",
                        "action",
                        "entity_type",
                        "entity_id",
                        "outcome",
                        "record_count",
                        "before",
                        "after"),
                cells,
                "\r\n");
    }
}
