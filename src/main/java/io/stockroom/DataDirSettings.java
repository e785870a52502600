package io.stockroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A warehouse's own settings, kept with its data in {@code <data-dir>/stockroom.yaml}: the currency its money is in, the
 * locale and time zone it is shown in, its schedule. Every command on that data directory reads them (the quick read
 * commands too, see {@code QuickCli}), so they are written once instead of repeated on every command line, and they
 * travel with the data they describe.
 *
 * <p>Precedence, highest first (README.md, Configuration): a {@code --stockroom.KEY=VALUE} argument, a JVM system
 * property, an environment variable, this file, a {@code config/application.yaml} in the working directory, the packaged
 * defaults. The file sits below the environment because an operator's override of the moment must win over what the
 * data directory keeps; above the working directory's files because it belongs to the data, which a shared
 * working directory does not know.
 *
 * <p>Read after Spring Boot's own configuration files (one of them may name the data directory) and before the
 * retailer's time zone is settled from its two keys ({@link RetailerTimeZone}).
 */
public final class DataDirSettings implements EnvironmentPostProcessor, Ordered {

    public static final String FILE_NAME = "stockroom.yaml";

    /** The demo chain's settings are written just before this reads them. */
    public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 2;

    private static final String DATA_DIR = "stockroom.data-dir";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<OriginTrackedMapPropertySource> documents = read(file(environment));
        MutablePropertySources sources = environment.getPropertySources();
        String above = sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                ? StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME
                : null;
        // a later YAML document overrides an earlier one, as in Spring Boot's own files
        for (PropertySource<?> document : documents.reversed()) {
            if (above == null) {
                sources.addFirst(document);
            } else {
                sources.addAfter(above, document);
            }
            above = document.getName();
        }
    }

    /** The settings file of the data directory {@code environment} names. */
    public static Path file(org.springframework.core.env.Environment environment) {
        return Path.of(environment.getProperty(DATA_DIR, "./stockroom-data"))
                .toAbsolutePath()
                .normalize()
                .resolve(FILE_NAME);
    }

    /**
     * The file's keys and values (its text, before any placeholder is resolved); empty when there is no file.
     *
     * @throws StockroomException naming the file and line when it is not YAML or holds a key it may not hold
     */
    public static Map<String, String> keys(Path dataDir) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (OriginTrackedMapPropertySource document : read(dataDir.resolve(FILE_NAME))) {
            for (String key : document.getPropertyNames()) {
                keys.put(key, String.valueOf(document.getProperty(key)));
            }
        }
        return keys;
    }

    /**
     * The retailer's time zone the file sets ({@code stockroom.timezone} or {@code stockroom.metrics.time-zone}), or
     * null when it sets none.
     *
     * @throws StockroomException when a value is not a zone, or the two name different zones
     */
    public static String zone(Map<String, String> keys) {
        return RetailerTimeZone.of(keys.get(RetailerTimeZone.GENERAL), keys.get(RetailerTimeZone.METRICS));
    }

    private static List<OriginTrackedMapPropertySource> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<PropertySource<?>> loaded;
        try {
            loaded = new YamlPropertySourceLoader()
                    .load("Data directory settings '" + file + "'", new FileSystemResource(file));
        } catch (MarkedYAMLException e) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID, StartupFailure.notYaml(file.toString(), e), e);
        } catch (IOException | RuntimeException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot read the data directory's settings " + file + " (" + e.getMessage() + "). Correct it, or"
                            + " remove it to use the defaults (README.md, Configuration).",
                    e);
        }
        List<OriginTrackedMapPropertySource> documents = new ArrayList<>();
        for (PropertySource<?> document : loaded) {
            if (document instanceof OriginTrackedMapPropertySource settings) {
                refuseForeignKeys(settings);
                documents.add(settings);
            }
        }
        return documents;
    }

    /**
     * Only Stockroom's settings and the server's belong to a data directory: Spring's own keys (profiles, imports) are
     * read before this file is, and the data directory cannot be moved from inside itself.
     */
    private static void refuseForeignKeys(EnumerablePropertySource<?> document) {
        for (String key : document.getPropertyNames()) {
            String where = document instanceof OriginTrackedMapPropertySource tracked
                    ? StartupFailure.where(tracked.getOrigin(key))
                    : "";
            if (key.equals(DATA_DIR)) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        DATA_DIR + where + " cannot move the data directory this file is in. Remove the key, and"
                                + " choose the data directory with --data-dir or STOCKROOM_DATA_DIR.");
            }
            if (!key.startsWith("stockroom.") && !key.startsWith("server.")) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "'" + key + "'" + where + " is not a Stockroom setting: a data directory's " + FILE_NAME
                                + " holds stockroom.* and server.* keys, each level indented by two spaces under"
                                + " 'stockroom:' (README.md, Configuration). Other keys go in config/application.yaml.");
            }
        }
    }
}
