package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An account, token or expected-feeds rule made, changed or removed at the terminal is in the audit log like one made
 * through the API (docs/security.md: "token and user changes (before/after)"): who, when, what.
 */
@io.stockroom.CapturesSystemStreams
class CliAccessAuditTest {

    @TempDir
    Path dir;

    @Test
    void expectedFeedRulesSetOrRemovedFromTheCliAreAudited() throws java.io.IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            // a rule names a store the warehouse has (one it does not is refused: IncompleteRunTest)
            TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS7,Leeds,North\n"));
            // one command object per command line, as in a CLI process (picocli takes a reused one's values as
            // defaults)
            java.util.function.Supplier<ExpectedCommand> expected = () -> new ExpectedCommand(
                    new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults()),
                    new AuditTrail(w.warehouse),
                    w.properties);

            assertThat(new CommandLine(expected.get())
                            .setOut(new PrintWriter(new StringWriter()))
                            .execute("--set", "sales", "--store", "S7", "--on", "SUN", "--not", "--note", "closed"))
                    .isZero();
            assertThat(new CommandLine(expected.get())
                            .setOut(new PrintWriter(new StringWriter()))
                            .execute("--unset", "sales", "--store", "S7", "--on", "SUN"))
                    .isZero();

            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'set_expected_rule'"
                            + " AND entity_id = 'sales' AND after_value LIKE '%S7%' AND after_value LIKE '%closed%'"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'remove_expected_rule'"
                            + " AND entity_id = 'sales' AND before_value LIKE '%S7%'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void userAndTokenChangesFromTheCliAreAudited() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            AuditTrail audit = new AuditTrail(w.warehouse);
            UsersCommand users = new UsersCommand(new UserAccounts(w.warehouse), audit);
            TokensCommand tokens = new TokensCommand(new ApiTokens(w.warehouse), audit);

            users.add("bob", List.of("buyer"), List.of("S1"), null, null);
            users.passwd("bob", null);
            users.remove("bob");
            tokens.create("pos pusher", List.of("service"), null, null, null);
            String tokenId = w.string("SELECT id FROM api_tokens");
            tokens.revoke(tokenId);

            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'create_user' AND entity_id = 'bob'"
                            + " AND after_value LIKE '%S1%' AND occurred_at IS NOT NULL AND actor IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'set_password' AND entity_id = 'bob'"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'remove_user' AND entity_id = 'bob'"
                            + " AND before_value LIKE '%buyer%'"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'create_token' AND entity_id = '"
                            + tokenId + "'"))
                    .isEqualTo(1);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'revoke_token' AND entity_id = '"
                            + tokenId + "'"))
                    .isEqualTo(1);
        }
    }

    /**
     * {@code stockroom users change} changes an account in place (before: remove it and add it again): {@code --role}
     * replaces the roles, {@code --no-stores} takes the stores away, {@code --disable} / {@code --enable}; what is not
     * given stays. Audited as {@code change_user} with before/after, like the API's change. Contradictions, an unknown
     * user and the last admin's demotion exit 2 and change nothing.
     */
    @Test
    void usersChangeAtTheTerminalChangesTheAccountInPlaceAndIsAudited() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            AuditTrail audit = new AuditTrail(w.warehouse);
            UserAccounts accounts = new UserAccounts(w.warehouse);
            StringWriter err = new StringWriter();
            java.util.function.Function<String[], Integer> users =
                    args -> StockroomCommand.configured(new CommandLine(new UsersCommand(accounts, audit)))
                            .setOut(new PrintWriter(new StringWriter()))
                            .setErr(new PrintWriter(err, true))
                            .execute(args);
            assertThat(users.apply(new String[] {"add", "root", "--role", "admin"}))
                    .isZero();
            assertThat(users.apply(new String[] {"add", "gm", "--role", "store_gm", "--store", "S1"}))
                    .isZero();

            assertThat(users.apply(
                            new String[] {"change", "gm", "--role", "buyer,executive", "--no-stores", "--disable"}))
                    .as(err.toString())
                    .isZero();
            UserAccounts.Account gm = accounts.find("gm").orElseThrow();
            assertThat(gm.roles()).containsExactlyInAnyOrder(Role.BUYER, Role.EXECUTIVE);
            assertThat(gm.stores()).isEmpty();
            assertThat(gm.disabled()).isTrue();
            assertThat(users.apply(new String[] {"change", "gm", "--enable", "--area", "North"}))
                    .isZero();
            gm = accounts.find("gm").orElseThrow();
            assertThat(gm.roles()).containsExactlyInAnyOrder(Role.BUYER, Role.EXECUTIVE);
            assertThat(gm.areas()).containsExactly("North");
            assertThat(gm.disabled()).isFalse();
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'change_user' AND entity_id = 'gm'"
                            + " AND before_value LIKE '%store_gm%' AND after_value LIKE '%executive%'"))
                    .isEqualTo(1);

            for (String[] refused : List.of(
                    new String[] {"change", "gm", "--store", "S1", "--no-stores"},
                    new String[] {"change", "gm", "--disable", "--enable"},
                    new String[] {"change", "gm"},
                    new String[] {"change", "nobody", "--disable"},
                    new String[] {"change", "root", "--role", "buyer"})) {
                assertThat(users.apply(refused)).as(String.join(" ", refused)).isEqualTo(2);
            }
            assertThat(err.toString())
                    .contains("--store or --no-stores, not both")
                    .contains("--disable or --enable, not both")
                    .contains("Nothing to change")
                    .contains("No user 'nobody'")
                    .contains("last account with the admin role");
            assertThat(accounts.find("gm")).contains(gm);
            assertThat(accounts.find("root").orElseThrow().roles()).containsExactly(Role.ADMIN);
            assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'change_user'"))
                    .isEqualTo(2);
        }
    }
}
