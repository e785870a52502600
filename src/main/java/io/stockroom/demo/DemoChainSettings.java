package io.stockroom.demo;

import io.stockroom.DataDirSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The demo chain is British: its stores are in the UK and its prices in pounds. {@code stockroom demo} keeps that in its
 * data directory's settings ({@link DataDirSettings}, from {@code demo/stockroom.yaml}) before the application reads
 * them, so the demo's own summary and server, and every later command on that data directory, show pounds. A file
 * already there is the user's and is left as it is.
 *
 * <p>It runs for the {@value #PROFILE} profile, which {@code StockroomApplication} adds for the {@code demo} command: the
 * configuration is read before any command runs, so the command itself would write the file too late.
 */
public final class DemoChainSettings implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "demo";

    private static final String TEMPLATE = "/demo/stockroom.yaml";

    @Override
    public int getOrder() {
        return DataDirSettings.ORDER - 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAdditionalProfiles().contains(PROFILE)) {
            writeIfAbsent(DataDirSettings.file(environment));
        }
    }

    /** Writes the demo chain's settings to {@code file} unless there is one. */
    public static void writeIfAbsent(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try (InputStream template = DemoChainSettings.class.getResourceAsStream(TEMPLATE)) {
            Files.createDirectories(file.getParent());
            Files.write(file, template.readAllBytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            // another process wrote it first: that one stands
        } catch (IOException e) {
            // a data directory that cannot be created or written is reported by the warehouse as it starts, in one
            // message saying what to do; the settings are not the problem to report
        }
    }
}
