package io.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Where the data directory's settings sit among the other sources: above the configuration files, below the
 * environment and the command line (README.md, Configuration).
 */
class DataDirSettingsPrecedenceTest {

    @TempDir
    Path dir;

    @Test
    void theFileOverridesTheConfigurationFilesAndTheEnvironmentOverridesTheFile() throws Exception {
        Files.writeString(dir.resolve("stockroom.yaml"), """
                stockroom:
                  metrics:
                    currency: GBP
                    locale: en-GB
                  timezone: Europe/London
                """);
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "Config resource 'class path resource [application.yaml]'",
                        Map.of(
                                "stockroom.data-dir",
                                dir.toString(),
                                "stockroom.metrics.currency",
                                "USD",
                                "stockroom.metrics.locale",
                                "en-US")));
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "commandLineArgs",
                        Map.of("stockroom.metrics.locale", "fr-FR", "stockroom.metrics.time-zone", "Europe/Paris")));

        new DataDirSettings().postProcessEnvironment(environment, new SpringApplication());
        new RetailerTimeZone().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("stockroom.metrics.currency")).isEqualTo("GBP");
        assertThat(environment.getProperty("stockroom.metrics.locale")).isEqualTo("fr-FR");
        // the two names of the retailer's zone, one in the file and one on the command line: the command line's wins
        assertThat(environment.getProperty("stockroom.timezone")).isEqualTo("Europe/Paris");
        assertThat(environment.getProperty("stockroom.metrics.time-zone")).isEqualTo("Europe/Paris");
    }
}
