package io.stockroom;

import io.stockroom.warehouse.TrinoSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Trino coordinator that accepts connections and never answers (a hung process, a stopped VM behind a load balancer
 * that still accepts): a socket on a local port that takes every connection and holds it open, reading nothing and
 * writing nothing. A fault injection, not a fake of Trino's protocol: Stockroom's real driver talks to it.
 */
public final class SilentTrino implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public SilentTrino() throws IOException {
        socket = new ServerSocket(0);
        Thread accepting = new Thread(
                () -> {
                    try {
                        while (true) {
                            held.add(socket.accept());
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                },
                "silent-trino");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** The JDBC address of this coordinator. */
    public String url() {
        return "jdbc:trino://127.0.0.1:" + socket.getLocalPort();
    }

    /** The connections it took (and holds). */
    public int connections() {
        return held.size();
    }

    /** Settings for Stockroom to reach this coordinator, with Trino's other defaults and {@code answerTimeout}. */
    public TrinoSettings settings(String lakeSchema, Duration answerTimeout) {
        return new TrinoSettings(
                url(), "stockroom", null, "iceberg", "postgresql", lakeSchema, "iceberg_catalog", answerTimeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
