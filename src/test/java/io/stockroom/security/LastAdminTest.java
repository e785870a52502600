package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.TestEngine;
import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last admin who can manage accounts is never removed, demoted or disabled, also when two admins do it to each
 * other at the same moment. Before, each transaction read the other admin still there and both went (write skew),
 * leaving nobody to manage accounts. On the tests' engine (DuckDB, or PostgreSQL with -Dstockroom.test.engine=postgres).
 */
class LastAdminTest {

    /** How often the race is run: without the serialisation, some round lets both changes through. */
    static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void twoAdminsRemovingOrDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            UserAccounts accounts = new UserAccounts(w.warehouse);
            race(w.warehouse, accounts, accounts);
        }
    }

    /**
     * Two server processes on one PostgreSQL database (two warehouses over the same schema, so no lock of this JVM is
     * shared): only the table lock keeps them from both removing an admin.
     */
    @Test
    void twoServersOnOnePostgresDatabaseLeaveOneAdmin() throws Exception {
        assumeTrue(TestEngine.postgres(), "two processes share a warehouse only on PostgreSQL");
        try (TestWarehouse w = new TestWarehouse(dir.resolve("one"));
                Warehouse other = new Warehouse(dir.resolve("two"), w.properties.warehouse())) {
            race(w.warehouse, new UserAccounts(w.warehouse), new UserAccounts(other));
        }
    }

    @Test
    void theLastAdminIsNeitherDemotedNorDisabledNorGivenStores() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            UserAccounts accounts = new UserAccounts(w.warehouse);
            accounts.create("root", "a long enough password", Set.of(Role.ADMIN), Set.of(), Set.of());
            accounts.create("bea", "a long enough password", Set.of(Role.BUYER), Set.of(), Set.of());
            UserAccounts.Account before = accounts.find("root").orElseThrow();
            List<Consumer<UserAccounts>> lastAdminChanges = List.of(
                    a -> a.change("root", Set.of(Role.BUYER), null, null, null),
                    a -> a.change("root", null, null, null, true),
                    a -> a.change("root", null, Set.of("S1"), null, null),
                    a -> a.remove("root"));
            for (Consumer<UserAccounts> change : lastAdminChanges) {
                StockroomException e = org.junit.jupiter.api.Assertions.assertThrows(
                        StockroomException.class, () -> change.accept(accounts));
                assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                assertThat(e.getMessage()).contains("last account with the admin role", "make another admin first");
            }
            assertThat(accounts.find("root")).contains(before);
            // another account may change as before, and with a second admin the first may go
            assertThat(accounts.change("bea", null, null, null, true).after().disabled())
                    .isTrue();
            accounts.change("bea", Set.of(Role.ADMIN), null, null, false);
            assertThat(accounts.change("root", null, null, null, true).after().disabled())
                    .isTrue();
        }
    }

    /**
     * Rounds of two admins changing each other from two threads started together: in each, exactly one change goes
     * through and the other is a 409, and one admin is left.
     */
    static void race(Warehouse warehouse, UserAccounts first, UserAccounts second) throws Exception {
        List<List<Consumer<UserAccounts>>> pairs = List.of(
                List.of(a -> a.remove("admin-b"), a -> a.remove("admin-a")),
                List.of(
                        a -> a.change("admin-b", Set.of(Role.BUYER), null, null, null),
                        a -> a.change("admin-a", null, null, null, true)),
                List.of(a -> a.remove("admin-b"), a -> a.change("admin-a", Set.of(Role.EXECUTIVE), null, null, null)));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                warehouse.inTransaction(c -> {
                    c.createStatement().executeUpdate("DELETE FROM users");
                    for (String name : List.of("admin-a", "admin-b")) {
                        c.createStatement()
                                .executeUpdate(
                                        "INSERT INTO users (username, password_hash, roles, created_at, disabled)"
                                                + " VALUES ('" + name
                                                + "', '{noop}x', 'admin', CURRENT_TIMESTAMP, FALSE)");
                    }
                    return null;
                });
                List<Consumer<UserAccounts>> pair = pairs.get(round % pairs.size());
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<ErrorCode>> outcomes = new ArrayList<>();
                Runnable both = () -> {
                    outcomes.add(threads.submit(
                            () -> attempt(start, () -> pair.get(0).accept(first))));
                    outcomes.add(threads.submit(
                            () -> attempt(start, () -> pair.get(1).accept(second))));
                };
                if (TestEngine.postgres()) {
                    gated(warehouse, first == second ? List.of(first) : List.of(first, second), both);
                } else {
                    both.run();
                }
                List<ErrorCode> codes = new ArrayList<>();
                for (Future<ErrorCode> f : outcomes) {
                    codes.add(f.get(2, TimeUnit.MINUTES));
                }
                assertThat(codes)
                        .as("round %d: one change goes through (null), the other is refused", round)
                        .containsExactlyInAnyOrder(null, ErrorCode.CONFLICT);
                assertThat(first.list().stream().filter(UserAccounts::manages).count())
                        .as("round %d: admins left", round)
                        .isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * PostgreSQL: starts both changes while a transaction of the test holds the users table, and lets them go together
     * once both wait for it (or one for it and the other for its process's lock), so they meet in the database (not one
     * after the other, as two threads often do).
     */
    private static void gated(Warehouse warehouse, List<UserAccounts> processes, Runnable both) {
        warehouse.withConnection(c -> {
            c.setAutoCommit(false);
            c.createStatement().execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            both.run();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (true) {
                try (var r = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM pg_locks WHERE relation = to_regclass('users') AND NOT granted")) {
                    r.next();
                    long inProcess =
                            processes.stream().mapToInt(UserAccounts::waiting).sum();
                    if (r.getLong(1) + inProcess == 2) {
                        break;
                    }
                }
                assertThat(System.nanoTime())
                        .as("both changes wait for the table")
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
            c.commit();
            c.setAutoCommit(true);
            return null;
        });
    }

    /** Null when the change went through, else the code it was refused with. */
    private static ErrorCode attempt(CyclicBarrier start, Runnable change) throws Exception {
        start.await(1, TimeUnit.MINUTES);
        try {
            change.run();
            return null;
        } catch (StockroomException e) {
            return e.code();
        }
    }
}
