package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.StockroomApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a Trino, the lake command says what to configure (exit 2), as any other configuration error. */
@CapturesSystemStreams
class LakeCommandTest {

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty("stockroom.data-dir");
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
