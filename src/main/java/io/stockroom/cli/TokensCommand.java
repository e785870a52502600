package io.stockroom.cli;

import io.stockroom.security.ApiTokens;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Component
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = "API tokens for machines: create (shown once), list, revoke.")
class TokensCommand implements Runnable {

    private final ApiTokens tokens;
    private final AuditTrail audit;

    TokensCommand(ApiTokens tokens, AuditTrail audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void run() {
        list();
    }

    @Command(name = "create", description = "Create a token; it is printed once and stored only as a hash.")
    void create(
            @Parameters(paramLabel = "NAME", description = "What the token is for, e.g. 'POS pusher Leeds'.")
                    String name,
            @Option(
                            names = "--role",
                            required = true,
                            split = ",",
                            description = "Role ids, e.g. service or read_only.")
                    List<String> roles,
            @Option(names = "--store", split = ",", description = "Only these stores.") List<String> stores,
            @Option(names = "--area", split = ",", description = "Only these areas.") List<String> areas,
            @Option(names = "--expires-in", description = "ISO duration, e.g. P90D (default: no expiry).")
                    Duration expiresIn) {
        Set<Role> r = new TreeSet<>();
        roles.forEach(id -> r.add(Role.parse(id)));
        var created = tokens.create(
                name,
                r,
                UserAccounts.scopeIds("--store", stores),
                UserAccounts.scopeIds("--area", areas),
                expiresIn == null ? null : Instant.now().plus(expiresIn),
                "cli");
        audit.record(AuditTrail.Entry.write(
                "create_token", "api_token", created.info().id(), null, created.info(), 1L));
        System.out.println("Created API token " + created.info().id() + " ("
                + created.info().name() + "). Send it as " + "'Authorization: Bearer <token>'; it is shown only now:");
        System.out.println(created.token());
    }

    @Command(name = "list", description = "List tokens (never their secrets).")
    void list() {
        for (var t : tokens.list()) {
            System.out.printf(
                    "%s  %-30s roles=%s stores=%s expires=%s last_used=%s%s%n",
                    t.id(),
                    t.name(),
                    t.roles(),
                    t.stores().isEmpty() ? "all" : t.stores(),
                    t.expiresAt() == null ? "never" : t.expiresAt(),
                    t.lastUsedAt() == null ? "never" : t.lastUsedAt(),
                    t.revokedAt() == null ? "" : "  REVOKED " + t.revokedAt());
        }
    }

    @Command(name = "revoke", description = "Revoke a token by its id.")
    void revoke(@Parameters(paramLabel = "ID") String id) {
        var revoked = tokens.revoke(id);
        audit.record(AuditTrail.Entry.write("revoke_token", "api_token", id, null, revoked, 1L));
        System.out.println("Revoked API token " + id + ".");
    }
}
