package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.AuditTrail;
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
}
