package io.stockroom;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings of a Trino deployment whose Trino is down, for a real application started by a test: the warehouse on
 * the embedded PostgreSQL (a schema of its own), {@code stockroom.warehouse.engine=trino}, and a Trino URL at a local
 * port nothing listens on. No Trino is needed.
 */
public final class TrinoDownDeployment {

    private TrinoDownDeployment() {}

    /** Registers those settings and a new data directory named after {@code dataDirPrefix}. */
    public static void register(DynamicPropertyRegistry registry, String dataDirPrefix) throws IOException {
        var settings = TestPostgres.newWarehouse();
        int port = freePort();
        registry.add("stockroom.data-dir", Files.createTempDirectory(dataDirPrefix)::toString);
        registry.add("stockroom.warehouse.engine", () -> "trino");
        registry.add("stockroom.warehouse.url", settings::url);
        registry.add("stockroom.warehouse.user", settings::user);
        registry.add("stockroom.warehouse.password", settings::password);
        registry.add("stockroom.warehouse.schema", settings::schema);
        registry.add("stockroom.trino.url", () -> "jdbc:trino://127.0.0.1:" + port);
    }

    /** A local port nothing listens on once this returns. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
