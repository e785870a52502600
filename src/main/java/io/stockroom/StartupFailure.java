package io.stockroom;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.env.Environment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Why the application could not start, in the words of someone who runs it: a configuration file that does not parse,
 * a value of the wrong kind, a port in use. Each answer says what is wrong and how to fix it; {@code null} for a
 * failure that is not the user's to fix (then the trace is for a bug report).
 */
final class StartupFailure {

    private StartupFailure() {}

    static String explain(Throwable failure) {
        return explain(failure, null);
    }

    /**
     * @param environment the configuration read so far, or null: where a value that a whole group refused came from
     *     (a record's own check names its key, the binder then names only the group)
     */
    static String explain(Throwable failure, Environment environment) {
        StockroomException own = StockroomException.find(failure);
        if (own != null) {
            return own.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            switch (t) {
                case PortInUseException port -> {
                    return "Port " + port.getPort() + " is already in use: another Stockroom server or another program"
                            + " listens there. Stop it, or serve on another port with --port N (server.port,"
                            + " SERVER_PORT).";
                }
                case BindException bind -> {
                    return badValue(bind, environment);
                }
                case MarkedYAMLException yaml -> {
                    return badYaml(yaml);
                }
                default -> {
                    if (String.valueOf(t.getMessage()).startsWith("Encountered invalid @Scheduled method")) {
                        return badSchedule(t);
                    }
                }
            }
        }
        return null;
    }

    private static String badValue(BindException bind, Environment environment) {
        ConfigurationProperty property = bind.getProperty();
        Throwable root = bind;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = bind.getTarget() == null
                ? ""
                : " as " + bind.getTarget().getType().resolve(Object.class).getSimpleName();
        if (property == null) {
            return "Cannot read the setting " + bind.getName() + what + ": " + root.getMessage()
                    + whereNamed(
                            String.valueOf(root.getMessage()), bind.getName().toString(), environment)
                    + ". Correct or remove it (README.md, Configuration).";
        }
        return "Cannot read " + property.getName() + " = '" + property.getValue() + "'" + where(property.getOrigin())
                + what + " (" + root.getMessage() + "). Correct or remove it (README.md, Configuration).";
    }

    private static String badSchedule(Throwable scheduled) {
        Throwable root = scheduled;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "A schedule setting is not valid (stockroom.schedule.cron or .zone, stockroom.retention.cron,"
                + " stockroom.sla.check-every): " + root.getMessage() + ". A cron has six fields, second minute hour"
                + " day-of-month month weekday: \"0 30 5 * * *\" runs at 05:30 every day (docs/pipeline.md).";
    }

    /**
     * " (set in FILE, line N)" for the first key under {@code group} that {@code message} names, from the source that
     * gives its value; "" when the message names none or nothing is known of where it came from.
     */
    private static String whereNamed(String message, String group, Environment environment) {
        if (environment == null) {
            return "";
        }
        Matcher key = Pattern.compile(Pattern.quote(group) + "(\\.[a-z0-9-]+)+").matcher(message);
        if (!key.find()) {
            return "";
        }
        String where = whereSet(key.group(), environment);
        return where.isEmpty() ? "" : " (set in " + where.substring(2);
    }

    /** " (file, line N)", or the origin as Spring names it, of the value {@code key} has; "" when not known. */
    static String whereSet(String key, Environment environment) {
        ConfigurationProperty found = find(key, environment);
        return found == null ? "" : where(found.getOrigin());
    }

    /** " (file, line N)" when the value {@code key} has comes from a file; "" otherwise (the user set it by name). */
    static String fileWhereSet(String key, Environment environment) {
        ConfigurationProperty found = find(key, environment);
        return found == null || fileOf(found.getOrigin()) == null ? "" : where(found.getOrigin());
    }

    private static ConfigurationProperty find(String key, Environment environment) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** " (file, line N)" for a value read from a file, else the origin as Spring names it; "" for none. */
    static String where(Origin origin) {
        if (fileOf(origin) instanceof TextResourceOrigin text) {
            String line = text.getLocation() == null
                    ? ""
                    : ", line " + (text.getLocation().getLine() + 1);
            return " (" + fileName(text.getResource()) + line + ")";
        }
        if (origin instanceof PropertySourceOrigin source
                && source.getPropertySource()
                        .getName()
                        .equals(
                                org.springframework.core.env.CommandLinePropertySource
                                        .COMMAND_LINE_PROPERTY_SOURCE_NAME)) {
            return " (on the command line)";
        }
        return origin == null ? "" : " (" + origin + ")";
    }

    /** The place in a file {@code origin} leads to, or null when the value was not read from a file. */
    private static TextResourceOrigin fileOf(Origin origin) {
        Origin file = origin;
        while (file != null && !(file instanceof TextResourceOrigin)) {
            // a value from a file reaches the binder wrapped in its property source's origin
            file = file instanceof PropertySourceOrigin source ? source.getOrigin() : file.getParent();
        }
        return file instanceof TextResourceOrigin text && text.getResource() != null ? text : null;
    }

    private static String fileName(org.springframework.core.io.Resource resource) {
        try {
            return resource.isFile() ? resource.getFile().getPath() : resource.getDescription();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }

    /** SnakeYAML names no file ("in 'reader'"), so the files Spring reads from the working directory are tried. */
    private static String badYaml(MarkedYAMLException yaml) {
        return notYaml(yamlFileThatFails(yaml), yaml);
    }

    /** What is wrong where in {@code file} (null: not known), and how YAML is written. */
    static String notYaml(String file, MarkedYAMLException yaml) {
        String at = yaml.getProblemMark() == null
                ? ""
                : " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                        + (yaml.getProblemMark().getColumn() + 1);
        return (file == null ? "A configuration file" : file) + " is not valid YAML" + at + ": " + yaml.getProblem()
                + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")")
                + ". Keys of one level start in the same column, each level indented by two spaces, a space after"
                + " each ':'.";
    }

    private static String yamlFileThatFails(MarkedYAMLException failure) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : List.of("config/", "")) {
            for (String ext : List.of("yaml", "yml")) {
                candidates.add(Path.of(dir + "application." + ext));
            }
        }
        for (String key : List.of("spring.config.location", "spring.config.additional-location")) {
            String value = System.getProperty(
                    key, System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_')));
            if (value != null) {
                for (String location : value.split(",")) {
                    candidates.add(Path.of(
                            location.strip().replaceFirst("^optional:", "").replaceFirst("^file:", "")));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && fails(candidate, failure)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean fails(Path file, MarkedYAMLException failure) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            new Yaml(new LoaderOptions()).loadAll(reader).forEach(document -> {});
            return false;
        } catch (MarkedYAMLException e) {
            return failure.getProblemMark() == null
                    || e.getProblemMark() != null
                            && e.getProblemMark().getLine()
                                    == failure.getProblemMark().getLine();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
