package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.ott.OneTimeTokenService;

/** The first start of a server with no account: one admin, its password shown once and stored only as a hash. */
class FirstAdminTest {

    @TempDir
    Path dir;

    TestWarehouse w;
    UserAccounts accounts;

    @BeforeEach
    void setUp() {
        w = new TestWarehouse(dir);
        accounts = new UserAccounts(w.warehouse);
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aRandomPasswordIsShownOnceWorksAndIsStoredOnlyAsAHash() {
        SignIn signIn = signIn(new MockEnvironment());
        String message = signIn.ensureFirstAdmin().orElseThrow();
        Matcher m = Pattern.compile("user 'admin', password '([^']+)'").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        String password = m.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(message).contains("stockroom users passwd admin").contains("STOCKROOM_ADMIN_PASSWORD");

        String hash = accounts.loadUserByUsername("admin").getPassword();
        assertThat(accounts.encoder().matches(password, hash))
                .as("the printed password signs in")
                .isTrue();
        assertThat(accounts.encoder().matches(password + "x", hash)).isFalse();
        assertThat(w.count("SELECT count(*) FROM users WHERE password_hash LIKE '%" + password + "%'"))
                .as("never stored in clear")
                .isZero();
        assertThat(accounts.find("admin").orElseThrow().roles()).containsExactly(Role.ADMIN);
        assertThat(w.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'create_user' AND entity_id = 'admin' AND actor = 'system' "
                                + "AND after_value NOT LIKE '%" + password + "%'"))
                .isEqualTo(1);

        // the next start (an account exists) creates nothing and prints nothing
        assertThat(signIn.ensureFirstAdmin()).isEmpty();
        assertThat(w.count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThat(accounts.encoder()
                        .matches(password, accounts.loadUserByUsername("admin").getPassword()))
                .isTrue();
    }

    @Test
    void aPasswordFromTheEnvironmentIsUsedAndNotPrinted() {
        String chosen = "correct horse battery staple 7";
        String message = signIn(new MockEnvironment().withProperty("stockroom.admin-password", chosen))
                .ensureFirstAdmin()
                .orElseThrow();
        assertThat(message).doesNotContain(chosen).contains("STOCKROOM_ADMIN_PASSWORD");
        assertThat(accounts.encoder()
                        .matches(chosen, accounts.loadUserByUsername("admin").getPassword()))
                .isTrue();
    }

    private SignIn signIn(MockEnvironment environment) {
        AccessProperties properties = new AccessProperties(
                new BigDecimal("5000"),
                10,
                Duration.ofHours(1),
                new AccessProperties.Oidc("preferred_username", "roles", "groups", "stores", "areas", Map.of()),
                new AccessProperties.RateLimit(600, 1200, 20, 100),
                new AccessProperties.Retention(180, 0),
                List.of());
        return new SignIn(
                accounts,
                properties,
                environment,
                new StaticListableBeanFactory().getBeanProvider(OneTimeTokenService.class),
                new AuditTrail(w.warehouse));
    }
}
