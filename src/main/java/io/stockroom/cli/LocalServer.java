package io.stockroom.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running server tells CLI commands of the same data directory: where it listens, its process, and which
 * warehouse it holds ({@code {data-dir}/server.properties}), plus an API token for the CLI in an owner-only file
 * ({@code {data-dir}/server.token}). With the embedded DuckDB file one process owns the warehouse, so a CLI command
 * that finds a live server reads through its API or says how to send the work there.
 *
 * @param url       the server's base URL as this machine reaches it, e.g. http://127.0.0.1:8080
 * @param engine    duckdb (the server owns the file) or postgres (other processes may open the warehouse too)
 * @param warehouse the embedded file, or the PostgreSQL URL
 * @param zone      the retailer's time zone the server runs by (stockroom.timezone): whose "yesterday" a run without
 *                  a date means
 */
record LocalServer(String url, long pid, String engine, String warehouse, String zone) {

    static final String FILE = "server.properties";
    static final String TOKEN_FILE = "server.token";

    /** The server recorded in the data directory, if one is recorded and its process is alive. */
    static Optional<LocalServer> find(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            LocalServer s = new LocalServer(
                    p.getProperty("url"),
                    Long.parseLong(p.getProperty("pid", "-1")),
                    p.getProperty("engine", "duckdb"),
                    p.getProperty("warehouse", ""),
                    p.getProperty("zone", "UTC"));
            return s.url() != null && s.alive() ? Optional.of(s) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // half-written or foreign: as if no server were recorded
        }
    }

    /**
     * True when something listens at the server's address: a server killed with its files left behind (and its pid
     * since reused) does not, and is then ignored.
     */
    boolean answers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            java.net.URI uri = java.net.URI.create(url);
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    boolean alive() {
        return pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** True when the server holds the embedded DuckDB file, which no other process can then open. */
    boolean ownsEmbeddedFile() {
        return engine.equals("duckdb");
    }

    /** The CLI's API token, if the server wrote one and this user may read it. */
    Optional<String> token(Path dataDir) {
        try {
            return Optional.of(Files.readString(dataDir.resolve(TOKEN_FILE), StandardCharsets.UTF_8)
                            .strip())
                    .filter(t -> !t.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void write(Path dataDir, String token) throws IOException {
        Properties p = new Properties();
        p.setProperty("url", url);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("engine", engine);
        p.setProperty("warehouse", warehouse);
        p.setProperty("zone", zone);
        // the token first, so a CLI that sees the server also finds its credential; both owner-only, written whole
        writeOwnerOnly(dataDir, TOKEN_FILE, token + "\n");
        java.io.StringWriter text = new java.io.StringWriter();
        p.store(text, "Written by the Stockroom server (pid " + pid + ") while it runs; removed when it stops");
        writeOwnerOnly(dataDir, FILE, text.toString());
    }

    /** Removes the files if they still describe this server (a newer server may have replaced them). */
    void remove(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Properties p = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                if (!Long.toString(pid).equals(p.getProperty("pid"))) {
                    return;
                }
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(dataDir.resolve(TOKEN_FILE));
        } catch (IOException ignored) {
            // a file left behind names a dead process: the CLI ignores it
        }
    }

    private static void writeOwnerOnly(Path dir, String name, String content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(content);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
