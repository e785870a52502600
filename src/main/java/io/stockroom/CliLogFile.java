package io.stockroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The CLI logs to a file in the data directory. When that directory cannot be created (a file in its place, a
 * read-only mount) Logback would print its own errors and traces ahead of the one message that says so
 * ({@code Cannot create the data directory ...}, from the warehouse): the log file is left out instead.
 */
final class CliLogFile implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String file = environment.getProperty("logging.file.name");
        if (file == null || file.isBlank()) {
            return;
        }
        Path folder = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException | RuntimeException e) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("stockroom-no-log-file", Map.of("logging.file.name", "")));
        }
    }
}
