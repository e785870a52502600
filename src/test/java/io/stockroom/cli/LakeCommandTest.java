package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.SilentTrino;
import io.stockroom.StockroomApplication;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a Trino, the lake command says what to configure (exit 2), as any other configuration error; with one that does
 * not answer, it says so after the answer timeout (exit 3, as when the warehouse does not answer: run it again later).
 */
@CapturesSystemStreams
class LakeCommandTest {

    @TempDir
    Path dir;

    private static final List<String> SETTINGS = List.of(
            "stockroom.data-dir",
            "stockroom.warehouse.engine",
            "stockroom.warehouse.url",
            "stockroom.warehouse.user",
            "stockroom.warehouse.password",
            "stockroom.warehouse.schema",
            "stockroom.trino.url",
            "stockroom.trino.answer-timeout");

    @AfterEach
    void forget() {
        SETTINGS.forEach(System::clearProperty);
    }

    /**
     * A Trino that accepts the connection and never answers: 'stockroom lake models' gives up after the answer timeout
     * and says which coordinator, within what and the setting that changes it (before: the driver's 2 minutes per
     * call, then "The lake is unavailable ... tell your administrator", the words a page's reader gets).
     */
    @Test
    void withTrinoNotAnsweringTheLakeCommandStopsAfterTheAnswerTimeoutNamingTheCoordinator() throws Exception {
        StockroomProperties.Warehouse pg = TestPostgres.newWarehouse();
        try (SilentTrino silent = new SilentTrino()) {
            System.setProperty("stockroom.warehouse.engine", "trino");
            System.setProperty("stockroom.warehouse.url", pg.url());
            System.setProperty("stockroom.warehouse.user", pg.user());
            System.setProperty("stockroom.warehouse.password", pg.password());
            System.setProperty("stockroom.warehouse.schema", pg.schema());
            System.setProperty("stockroom.trino.url", silent.url());
            System.setProperty("stockroom.trino.answer-timeout", "2s");
            PrintStream err = System.err;
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit;
            try {
                CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() -> StockroomApplication.run(
                        new String[] {"--data-dir", dir.resolve("data").toString(), "lake", "models"}));
                try {
                    // the application's start on PostgreSQL takes most of it; the bound is 2 s
                    exit = command.get(3, TimeUnit.MINUTES);
                } catch (TimeoutException waiting) {
                    throw new AssertionError("'stockroom lake models' was still waiting for the silent Trino", waiting);
                }
            } finally {
                System.setErr(err);
            }
            String text = e.toString(StandardCharsets.UTF_8);
            assertThat(silent.connections()).isPositive();
            assertThat(text)
                    .as(text)
                    .contains("Trino does not answer: " + silent.url())
                    .contains("no answer within 2 s")
                    .contains("stockroom.trino.answer-timeout")
                    .contains("LAKE_UNAVAILABLE");
            // as for a warehouse that stopped answering: nothing to fix in the command, run it again when Trino answers
            assertThat(exit).isEqualTo(3);
        }
    }

    @Test
    void withoutTrinoConfiguredTheLakeCommandNamesTheSettingsToSet() {
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = StockroomApplication.run(
                    new String[] {"--data-dir", dir.resolve("data").toString(), "lake", "models"});
        } finally {
            System.setErr(err);
        }
        String text = e.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(2);
        assertThat(text)
                .contains("STOCKROOM_TRINO_URL=jdbc:trino://")
                .contains("docs/scale.md")
                .contains("CONFIG_INVALID");
    }
}
