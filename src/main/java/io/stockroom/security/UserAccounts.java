package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.warehouse.PostgresDialect;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Local accounts (used when no OIDC provider is configured, and for the first admin): hashed passwords, roles, stores. */
@Service
public class UserAccounts implements UserDetailsService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    static final int MIN_PASSWORD = 12;
    /** The most BCrypt reads of a password. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** One lock per warehouse in this process, whichever UserAccounts changes its accounts ({@link #guarded}). */
    private static final java.util.Map<Warehouse, java.util.concurrent.locks.ReentrantLock> LOCKS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** A local account as listed (never with its hash). */
    public record Account(String username, Set<Role> roles, Set<String> stores, Set<String> areas, boolean disabled) {}

    /**
     * An account as the Accounts page and {@code GET /api/v1/users} list it: with when it was made and when it last
     * signed in (null: never, or not since session 30 — the audit log has older sign-ins while it keeps them).
     */
    public record Listed(
            String username,
            Set<Role> roles,
            Set<String> stores,
            Set<String> areas,
            boolean disabled,
            java.time.Instant createdAt,
            java.time.Instant lastSignInAt) {

        /** The account without its times. */
        public Account account() {
            return new Account(username, roles, stores, areas, disabled);
        }
    }

    private final Warehouse warehouse;
    private final java.util.concurrent.locks.ReentrantLock changes;

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    public UserAccounts(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.changes = LOCKS.computeIfAbsent(warehouse, w -> new java.util.concurrent.locks.ReentrantLock());
    }

    PasswordEncoder encoder() {
        return encoder;
    }

    public long count() {
        return warehouse.withConnection(
                c -> Sql.on(c).sql("SELECT count(*) FROM users").query(r -> {
                    r.next();
                    return r.getLong(1);
                }));
    }

    /** Creates an account; the password is stored only as a salted BCrypt hash. */
    public Account create(String username, String password, Set<Role> roles, Set<String> stores, Set<String> areas) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'username' must be 1-100 letters, digits or . _ @ -, got '" + username + "'.");
        }
        checkPassword(password);
        if (roles.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'roles' needs at least one role (e.g. buyer, store_gm).");
        }
        requireSomethingToSee(roles, stores, areas);
        if (find(username).isPresent()) {
            throw new StockroomException(
                    ErrorCode.CONFLICT,
                    "A user '" + username + "' exists already; pick another name or change its password.");
        }
        warehouse.withConnection(c -> {
            requireKnown(c, stores, areas);
            return null;
        });
        warehouse.inTransaction(c -> Sql.on(c)
                .sql("""
                    INSERT INTO users (username, password_hash, roles, stores, areas, created_at, disabled)
                    VALUES (?, ?, ?, ?, ?, ?, FALSE)""")
                .param(username)
                .param(encoder.encode(password))
                .param(String.join(",", roles.stream().map(Role::id).toList()))
                .param(Sql.text(stores.isEmpty() ? null : String.join(",", stores)))
                .param(Sql.text(areas.isEmpty() ? null : String.join(",", areas)))
                .param(Sql.instant(java.time.Instant.now()))
                .update());
        return find(username).orElseThrow();
    }

    /**
     * The stores or areas given to an account or token (the API's {@code stores}, the CLI's {@code --store}), stripped.
     * A blank or null entry is refused, not dropped: dropped, it could leave an account with no stores and no areas,
     * which sees the whole chain.
     */
    public static Set<String> scopeIds(String parameter, List<String> given) {
        Set<String> out = new TreeSet<>();
        if (given == null) {
            return out;
        }
        for (int i = 0; i < given.size(); i++) {
            String id = given.get(i);
            if (id == null || id.isBlank()) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Parameter '" + parameter + "' has a blank entry (" + (id == null ? "null" : "'" + id + "'")
                                + ", entry " + (i + 1) + " of " + given.size() + "), which would leave the access of "
                                + "every store: name the ids, or leave '" + parameter + "' out.");
            }
            out.add(id.strip());
        }
        return out;
    }

    /**
     * Refuses a store or area the warehouse does not know (once it knows any): a mistyped id would make an account
     * that sees nothing, silently. Before the first stores file there is nothing to check against, and any id goes.
     */
    static void requireKnown(java.sql.Connection c, Set<String> stores, Set<String> areas) {
        scopeIds("stores", new java.util.ArrayList<>(stores));
        scopeIds("areas", new java.util.ArrayList<>(areas));
        unknown(c, "store", "store_id", stores);
        unknown(c, "area", "area", areas);
    }

    private static void unknown(java.sql.Connection c, String what, String column, Set<String> given) {
        if (given.isEmpty()) {
            return;
        }
        List<String> known = Sql.on(c)
                .sql("SELECT DISTINCT " + column + " FROM stores WHERE " + column + " IS NOT NULL ORDER BY 1")
                .query((r, i) -> r.getString(1))
                .list();
        if (known.isEmpty()) {
            return;
        }
        List<String> missing =
                given.stream().filter(g -> !known.contains(g)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "No " + what + " "
                            + String.join(
                                    ", ",
                                    missing.stream().map(m -> "'" + m + "'").toList())
                            + " in the stores master data, so the account would see nothing; known " + what + "s: "
                            + (known.size() <= 20
                                    ? String.join(", ", known)
                                    : String.join(", ", known.subList(0, 20)) + " ... (" + known.size() + " in all)")
                            + ". Ids are case-sensitive; load the stores file first for a new " + what + ".");
        }
    }

    public void setPassword(String username, String password) {
        checkPassword(password);
        int n = warehouse.inTransaction(c -> Sql.on(c)
                .sql("UPDATE users SET password_hash = ? WHERE username = ?")
                .param(encoder.encode(password))
                .param(Sql.text(username))
                .update());
        if (n == 0) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND, "No user '" + username + "'; `stockroom users list` shows them.");
        }
    }

    /** Removes an account; never the last admin (nobody could manage accounts then, short of the CLI). */
    public void remove(String username) {
        guarded(c -> {
            Account before = locked(c, username);
            refuseLastAdmin(c, before, null, "remove it");
            Sql.on(c)
                    .sql("DELETE FROM users WHERE username = ?")
                    .param(Sql.text(username))
                    .update();
            return null;
        });
    }

    /**
     * Refuses an account or token whose roles are all store-scoped (store GM, area manager) with no stores and no
     * areas: it would see no store at all (StoreScope), which nobody means; the Accounts page refused it, the API made
     * it.
     */
    static void requireSomethingToSee(Set<Role> roles, Set<String> stores, Set<String> areas) {
        boolean storeScopedOnly =
                !roles.isEmpty() && roles.stream().allMatch(r -> r == Role.STORE_GM || r == Role.AREA_MANAGER);
        if (storeScopedOnly && stores.isEmpty() && areas.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "A "
                            + String.join(
                                    " and ",
                                    roles.stream().map(Role::id).sorted().toList())
                            + " with no stores and no areas would see no store at all: give 'stores' (e.g. [\"S001\"])"
                            + " or 'areas' (e.g. [\"North\"]), or a chain-wide role such as buyer or read_only.");
        }
    }

    /** An account before and after {@link #change}. */
    public record Changed(Account before, Account after) {}

    /**
     * Changes an account's roles, stores, areas or whether it is disabled; a null argument leaves that one as it is, an
     * empty set of stores or areas clears them. Checked as {@link #create} checks them (at least one role, known stores
     * and areas), and never leaves the warehouse without an admin who can manage accounts (409). A session open with
     * the account ends on its next request ({@code SessionAccountCheck}).
     */
    public Changed change(String username, Set<Role> roles, Set<String> stores, Set<String> areas, Boolean disabled) {
        if (roles == null && stores == null && areas == null && disabled == null) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Nothing to change for '" + username + "': give roles, stores, areas or disabled.");
        }
        if (roles != null && roles.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'roles' needs at least one role (e.g. buyer, store_gm).");
        }
        return guarded(c -> {
            Account before = locked(c, username);
            Account after = new Account(
                    before.username(),
                    roles == null ? before.roles() : new TreeSet<>(roles),
                    stores == null ? before.stores() : new TreeSet<>(stores),
                    areas == null ? before.areas() : new TreeSet<>(areas),
                    disabled == null ? before.disabled() : disabled);
            requireKnown(c, stores == null ? Set.of() : stores, areas == null ? Set.of() : areas);
            requireSomethingToSee(after.roles(), after.stores(), after.areas());
            refuseLastAdmin(c, before, after, "change it");
            Sql.on(c)
                    .sql("UPDATE users SET roles = ?, stores = ?, areas = ?, disabled = ? WHERE username = ?")
                    .param(String.join(",", after.roles().stream().map(Role::id).toList()))
                    .param(Sql.text(after.stores().isEmpty() ? null : String.join(",", after.stores())))
                    .param(Sql.text(after.areas().isEmpty() ? null : String.join(",", after.areas())))
                    .param(after.disabled())
                    .param(Sql.text(username))
                    .update();
            return new Changed(before, after);
        });
    }

    /**
     * Runs a change of accounts that must see every other one committed: the last-admin check reads all accounts, and
     * two admins removing (or demoting) each other at once would each see the other still there and both go (write
     * skew). One at a time in this process (the lock; DuckDB is one process), and on PostgreSQL, where several server
     * processes and the CLI share the table, one at a time there too ({@code LOCK TABLE} at the start of the
     * transaction: the mode conflicts with itself, and the statements after it read what the one before committed).
     */
    private <T> T guarded(Warehouse.SqlWork<T> work) {
        changes.lock();
        try {
            return warehouse.inTransaction(c -> {
                if (warehouse.dialect() instanceof PostgresDialect) {
                    Sql.on(c)
                            .sql("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
                            .update();
                }
                return work.apply(c);
            });
        } finally {
            changes.unlock();
        }
    }

    /** How many changes of accounts wait for this process's lock of the warehouse (for tests that line them up). */
    int waiting() {
        return changes.getQueueLength();
    }

    /** The account, read inside {@link #guarded}; 404 when there is none. */
    private static Account locked(java.sql.Connection c, String username) {
        return Sql.on(c)
                .sql("SELECT username, roles, stores, areas, disabled FROM users WHERE username = ?")
                .param(Sql.text(username))
                .query(r -> r.next() ? Optional.of(account(r)) : Optional.<Account>empty())
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "No user '" + username + "'; `stockroom users list` shows them."));
    }

    /**
     * Whether the account can manage accounts: the admin role, enabled, and no stores or areas (an admin limited to
     * some stores is refused administration: {@code SecurityConfiguration.chainWide}).
     */
    static boolean manages(Account a) {
        return a.roles().contains(Role.ADMIN)
                && !a.disabled()
                && a.stores().isEmpty()
                && a.areas().isEmpty();
    }

    /** 409 when {@code before} is the last account that {@link #manages} and {@code after} (null: removed) would not. */
    private static void refuseLastAdmin(java.sql.Connection c, Account before, Account after, String what) {
        if (!manages(before) || (after != null && manages(after))) {
            return;
        }
        long admins = Sql.on(c)
                .sql("SELECT username, roles, stores, areas, disabled FROM users")
                .query((r, i) -> account(r))
                .list()
                .stream()
                .filter(UserAccounts::manages)
                .count();
        if (admins <= 1) {
            throw new StockroomException(
                    ErrorCode.CONFLICT,
                    "'" + before.username() + "' is the last account with the admin role (enabled, for every store), "
                            + "and without one nobody can manage accounts: make another admin first (POST "
                            + "/api/v1/users, stockroom users add NAME --role admin), then " + what + ".");
        }
    }

    public List<Account> list() {
        return listed().stream().map(Listed::account).toList();
    }

    /** Every account with its creation and last sign-in times (UTC). */
    public List<Listed> listed() {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("""
                    SELECT username, roles, stores, areas, disabled, created_at, last_sign_in_at
                    FROM users ORDER BY username""")
                .query((r, i) -> {
                    Account a = account(r);
                    return new Listed(
                            a.username(),
                            a.roles(),
                            a.stores(),
                            a.areas(),
                            a.disabled(),
                            Sql.instant(r, "created_at"),
                            Sql.instant(r, "last_sign_in_at"));
                })
                .list());
    }

    /**
     * Notes that a local account signed in now. A failure to write it (a concurrent write on DuckDB) is logged, never
     * a failed sign-in: the audit log has the sign-in either way.
     */
    void signedIn(String username) {
        try {
            warehouse.inTransaction(c -> Sql.on(c)
                    .sql("UPDATE users SET last_sign_in_at = ? WHERE username = ?")
                    .param(Sql.instant(java.time.Instant.now()))
                    .param(username)
                    .update());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(UserAccounts.class)
                    .warn("Could not note the sign-in time of '{}': {}", username, e.getMessage());
        }
    }

    public Optional<Account> find(String username) {
        return row(username).map(Row::account);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Row row = row(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
        Account a = row.account();
        return User.withUsername(a.username())
                .password(row.hash())
                .disabled(a.disabled())
                .authorities(Actor.authorities(a.roles(), a.stores(), a.areas()))
                .build();
    }

    record Row(Account account, String hash) {

        /**
         * What stands for the password in a session (a digest of its hash, not the hash): another stamp means the
         * password was changed since the session signed in.
         */
        String passwordStamp() {
            return ApiTokens.sha256(hash == null ? "" : hash);
        }
    }

    Optional<Row> row(String username) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT username, roles, stores, areas, disabled, password_hash FROM users WHERE username = ?")
                .param(Sql.text(username))
                .query(r ->
                        r.next() ? Optional.of(new Row(account(r), r.getString("password_hash"))) : Optional.empty()));
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(
                r.getString("username"),
                Role.parseList(r.getString("roles")),
                split(r.getString("stores")),
                split(r.getString("areas")),
                r.getBoolean("disabled"));
    }

    static Set<String> split(String csv) {
        Set<String> out = new TreeSet<>();
        if (csv != null) {
            Arrays.stream(csv.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(out::add);
        }
        return out;
    }

    private static void checkPassword(String password) {
        checkPassword("password", password);
    }

    static void checkPassword(String parameter, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + parameter + "' must have at least " + MIN_PASSWORD + " characters.");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PASSWORD_BYTES) {
            // BCrypt reads no further (the encoder refuses longer ones): said here, not as the encoder's 500
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + parameter + "' may be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8, got "
                            + bytes
                            + " bytes: " + MAX_PASSWORD_BYTES + " characters of plain ASCII, fewer with accents or "
                            + "other scripts (an é takes 2 bytes). Choose a shorter one.");
        }
    }
}
