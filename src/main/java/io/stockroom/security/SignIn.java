package io.stockroom.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.stereotype.Service;

/**
 * The first-run admin and the one-time sign-in links the server prints. With no account yet, serving creates
 * "admin" with the password from STOCKROOM_ADMIN_PASSWORD, or a random one that is printed once and never stored in clear.
 */
@Service
public class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);
    public static final String ADMIN = "admin";

    private final UserAccounts accounts;
    private final AccessProperties properties;
    private final Environment environment;
    private final ObjectProvider<OneTimeTokenService> oneTimeTokens;
    private final AuditTrail audit;

    public SignIn(
            UserAccounts accounts,
            AccessProperties properties,
            Environment environment,
            ObjectProvider<OneTimeTokenService> oneTimeTokens,
            AuditTrail audit) {
        this.accounts = accounts;
        this.properties = properties;
        this.environment = environment;
        this.oneTimeTokens = oneTimeTokens;
        this.audit = audit;
    }

    /** Creates the first admin when there is no account; returns what to tell the operator (once), if anything. */
    public synchronized Optional<String> ensureFirstAdmin() {
        if (accounts.count() > 0) {
            return Optional.empty();
        }
        String configured = environment.getProperty("stockroom.admin-password");
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? randomPassword() : configured;
        accounts.create(ADMIN, password, EnumSet.of(Role.ADMIN), Set.of(), Set.of());
        audit.record(
                Actor.SYSTEM,
                AuditTrail.Entry.write("create_user", "user", ADMIN, null, java.util.Map.of("roles", "admin"), 1L));
        log.info("created the first admin account '{}'", ADMIN);
        return Optional.of(
                generated
                        ? "Created the first admin account: user 'admin', password '" + password
                                + "' (shown only now; change it with "
                                + "`stockroom users passwd admin`, or set STOCKROOM_ADMIN_PASSWORD before the first start)."
                        : "Created the first admin account 'admin' with the password from STOCKROOM_ADMIN_PASSWORD.");
    }

    /** A one-time sign-in path for the user (valid stockroom.security.login-link-ttl, works once), when serving. */
    public Optional<String> loginLink(String username) {
        OneTimeTokenService service = oneTimeTokens.getIfAvailable();
        if (service == null || accounts.find(username).isEmpty()) {
            return Optional.empty();
        }
        var token = service.generate(new GenerateOneTimeTokenRequest(username, properties.loginLinkTtl()));
        return Optional.of("/login?token=" + token.getTokenValue());
    }

    private static String randomPassword() {
        byte[] b = new byte[15];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
