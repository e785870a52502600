package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * API tokens for machines (drop-folder agents, POS pushers, BI tools). The secret is shown once at creation and
 * stored only as its SHA-256 (it is 256 random bits, so a slow password hash adds nothing); each token has roles,
 * stores/areas, an optional expiry, can be revoked, and records when it was last used.
 */
@Service
public class ApiTokens {

    /** sr_{id}_{secret}: the id finds the row, the secret proves possession. */
    static final Pattern FORMAT = Pattern.compile("sr_([a-f0-9]{12})_([A-Za-z0-9_-]{43})");

    private static final SecureRandom RANDOM = new SecureRandom();

    public record TokenInfo(
            String id,
            String name,
            Set<Role> roles,
            Set<String> stores,
            Set<String> areas,
            String createdBy,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /** A new token: {@code token} is the only time the secret is visible. */
    public record CreatedToken(String token, TokenInfo info) {}

    /**
     * What a token authenticates as; {@code auditUse} when this use goes to the audit log (the first use, then at most
     * one row per {@link #USE_AUDIT_INTERVAL}, so a machine calling every second does not flood the log).
     */
    record Grant(String id, String name, Set<Role> roles, Set<String> stores, Set<String> areas, boolean auditUse) {}

    static final java.time.Duration USE_AUDIT_INTERVAL = java.time.Duration.ofHours(1);

    /** How exact a token's {@code last_used_at} is: a machine calling many times a second writes it once a minute. */
    static final java.time.Duration LAST_USE_RESOLUTION = java.time.Duration.ofMinutes(1);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiTokens.class);

    private final Warehouse warehouse;

    public ApiTokens(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public CreatedToken create(
            String name, Set<Role> roles, Set<String> stores, Set<String> areas, Instant expiresAt, String createdBy) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'name' is required (up to 200 characters): say what the token is for.");
        }
        if (roles.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'roles' needs at least one role (machines usually get 'service' or 'read_only').");
        }
        UserAccounts.requireSomethingToSee(roles, stores, areas);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'expires_at' must be in the future, got " + expiresAt + ".");
        }
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token =
                "sr_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        warehouse.inTransaction(c -> {
            UserAccounts.requireKnown(c, stores, areas);
            // a token acts as "token:<name>" (audit rows, the owner of an upload): two live tokens of one name would
            // be one actor, so a machine could commit another's upload and the audit log could not tell them apart
            String twin = Sql.on(c)
                    .sql("""
                        SELECT id FROM api_tokens
                        WHERE name = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY id""")
                    .param(name.strip())
                    .param(Sql.instant(now))
                    .query((r, i) -> r.getString(1))
                    .list()
                    .stream()
                    .findFirst()
                    .orElse(null);
            if (twin != null) {
                throw new StockroomException(
                        ErrorCode.CONFLICT,
                        "An API token named '" + name.strip() + "' is in use already (id " + twin
                                + "), and a token acts under its name: pick another name, or revoke " + twin
                                + " first (DELETE /api/v1/tokens/" + twin + ", stockroom tokens revoke " + twin + ").");
            }
            return Sql.on(c)
                    .sql("""
                    INSERT INTO api_tokens (id, name, token_hash, roles, stores, areas, created_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .param(id)
                    .param(name.strip())
                    .param(sha256(token))
                    .param(String.join(",", roles.stream().map(Role::id).toList()))
                    .param(Sql.text(stores.isEmpty() ? null : String.join(",", stores)))
                    .param(Sql.text(areas.isEmpty() ? null : String.join(",", areas)))
                    .param(Sql.text(createdBy))
                    .param(Sql.instant(now))
                    .param(Sql.instant(expiresAt))
                    .update();
        });
        return new CreatedToken(token, find(id).orElseThrow());
    }

    public List<TokenInfo> list() {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT * FROM api_tokens ORDER BY created_at DESC")
                .query((r, i) -> info(r))
                .list());
    }

    public Optional<TokenInfo> find(String id) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT * FROM api_tokens WHERE id = ?")
                .param(Sql.text(id))
                .query(r -> r.next() ? Optional.of(info(r)) : Optional.<TokenInfo>empty()));
    }

    public TokenInfo revoke(String id) {
        int n = warehouse.inTransaction(c -> Sql.on(c)
                .sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .param(Sql.instant(Instant.now()))
                .param(Sql.text(id))
                .update());
        TokenInfo info = find(id).orElseThrow(() -> new StockroomException(
                ErrorCode.NOT_FOUND, "No API token '" + id + "'; GET /api/v1/tokens lists them."));
        if (n == 0 && info.revokedAt() == null) {
            throw new StockroomException(ErrorCode.CONFLICT, "API token '" + id + "' could not be revoked; try again.");
        }
        if (n == 0) {
            // nothing changed, so nothing to audit: the caller's revoke row would be a second one
            throw new StockroomException(
                    ErrorCode.CONFLICT, "API token '" + id + "' was revoked already, at " + info.revokedAt() + ".");
        }
        return info;
    }

    /**
     * The grant of a valid token (right secret, not revoked, not expired), recording its use; empty otherwise. The
     * check only reads; the time of last use is bookkeeping, written apart and at most once a {@link
     * #LAST_USE_RESOLUTION}. Before, every request updated it inside the check's transaction, and on DuckDB requests
     * sent in parallel with one token failed with 500 ("Conflict on update") whenever two wrote it at once.
     */
    Optional<Grant> authenticate(String token) {
        Matcher m = FORMAT.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        Optional<TokenInfo> found = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT * FROM api_tokens WHERE id = ? AND revoked_at IS NULL")
                .param(Sql.text(id))
                .query(r -> {
                    if (!r.next()
                            || !MessageDigest.isEqual(
                                    r.getString("token_hash").getBytes(StandardCharsets.US_ASCII),
                                    sha256(token).getBytes(StandardCharsets.US_ASCII))) {
                        return Optional.<TokenInfo>empty();
                    }
                    return Optional.of(info(r));
                }));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenInfo info = found.get();
        Instant now = Instant.now();
        if (info.expiresAt() != null && !info.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        if (info.lastUsedAt() == null || info.lastUsedAt().isBefore(now.minus(LAST_USE_RESOLUTION))) {
            recordUse(id, now);
        }
        boolean auditUse = info.lastUsedAt() == null || info.lastUsedAt().isBefore(now.minus(USE_AUDIT_INTERVAL));
        return Optional.of(new Grant(info.id(), info.name(), info.roles(), info.stores(), info.areas(), auditUse));
    }

    /** Writes the token's last use; one that fails (another request of the token wrote it at the same moment) is logged, never the caller's error. */
    private void recordUse(String id, Instant now) {
        try {
            warehouse.inTransaction(c -> Sql.on(c)
                    .sql(
                            "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
                    .param(Sql.instant(now))
                    .param(Sql.text(id))
                    .param(Sql.instant(now))
                    .update());
        } catch (RuntimeException e) {
            log.debug("the last use of API token {} was not recorded this time: {}", id, e.getMessage());
        }
    }

    private static TokenInfo info(ResultSet r) throws java.sql.SQLException {
        return new TokenInfo(
                r.getString("id"),
                r.getString("name"),
                Role.parseList(r.getString("roles")),
                UserAccounts.split(r.getString("stores")),
                UserAccounts.split(r.getString("areas")),
                r.getString("created_by"),
                time(r, "created_at"),
                time(r, "expires_at"),
                time(r, "last_used_at"),
                time(r, "revoked_at"));
    }

    /** The token's times are kept as UTC date-times ({@link Sql#instant(Instant)}). */
    private static Instant time(ResultSet r, String column) throws java.sql.SQLException {
        return Sql.instant(r, column);
    }

    static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
