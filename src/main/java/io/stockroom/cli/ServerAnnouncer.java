package io.stockroom.cli;

import io.stockroom.StockroomProperties;
import io.stockroom.security.Actor;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.Role;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells CLI commands of the same data directory that this process serves (see {@link LocalServer}): writes the
 * server's address and a fresh API token for the CLI (data engineer: reads feeds, runs and quality; previews
 * uploads) while it serves, and revokes the token and removes both files when it stops. A token left behind by a
 * server that was killed is revoked by the next one.
 */
@Component
public class ServerAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(ServerAnnouncer.class);
    static final String TOKEN_NAME = "local CLI";
    private static final String ISSUER = "server";

    private final StockroomProperties properties;
    private final Warehouse warehouse;
    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final Environment environment;
    private volatile LocalServer announced;
    private volatile String tokenId;

    ServerAnnouncer(
            StockroomProperties properties,
            Warehouse warehouse,
            ApiTokens tokens,
            AuditTrail audit,
            Environment environment) {
        this.properties = properties;
        this.warehouse = warehouse;
        this.tokens = tokens;
        this.audit = audit;
        this.environment = environment;
    }

    /** Called once the server listens. A failure here is logged: the server serves all the same. */
    public void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String address = environment.getProperty("server.address", "127.0.0.1");
        String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "127.0.0.1"
                : address.contains(":") ? "[" + address + "]" : address;
        String engine = warehouse.dialect().name();
        String where = engine.equals("duckdb")
                ? warehouse.dataDir().resolve("warehouse.duckdb").toString()
                : String.valueOf(properties.warehouse().url());
        try {
            for (ApiTokens.TokenInfo old : tokens.list()) {
                if (old.name().equals(TOKEN_NAME) && ISSUER.equals(old.createdBy()) && old.revokedAt() == null) {
                    tokens.revoke(old.id()); // left by a server that did not stop cleanly
                }
            }
            ApiTokens.CreatedToken created =
                    tokens.create(TOKEN_NAME, Set.of(Role.DATA_ENGINEER), Set.of(), Set.of(), null, ISSUER);
            tokenId = created.info().id();
            audit.record(
                    Actor.SYSTEM,
                    new AuditTrail.Entry(
                            AuditTrail.Category.TOKEN,
                            "token_created",
                            "api_token",
                            tokenId,
                            null,
                            "local CLI token in " + LocalServer.TOKEN_FILE + " (owner-only)",
                            null,
                            "ok"));
            LocalServer server = new LocalServer(
                    "http://" + host + ":" + port,
                    ProcessHandle.current().pid(),
                    engine,
                    where,
                    properties.zone().getId());
            server.write(properties.resolvedDataDir(), created.token());
            announced = server;
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Could not record the server for CLI commands in {}: {}",
                    properties.resolvedDataDir(),
                    e.getMessage());
        }
    }

    @EventListener(ContextClosedEvent.class)
    void withdraw() {
        LocalServer server = announced;
        if (server == null) {
            return;
        }
        announced = null;
        server.remove(properties.resolvedDataDir());
        try {
            tokens.revoke(tokenId);
        } catch (RuntimeException e) {
            log.warn("Could not revoke the local CLI token {}: {}", tokenId, e.getMessage());
        }
    }
}
