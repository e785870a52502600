package io.stockroom;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.web.server.PortInUseException;
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
                    return badValue(bind);
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

    private static String badValue(BindException bind) {
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

    /** " (file, line N)" for a value read from a file, else the origin as Spring names it; "" for none. */
    static String where(Origin origin) {
        Origin file = origin;
        while (file != null && !(file instanceof TextResourceOrigin)) {
            // a value from a file reaches the binder wrapped in its property source's origin
            file = file instanceof PropertySourceOrigin source ? source.getOrigin() : file.getParent();
        }
        if (file instanceof TextResourceOrigin text && text.getResource() != null) {
            String line = text.getLocation() == null
                    ? ""
                    : ", line " + (text.getLocation().getLine() + 1);
            return " (" + fileName(text.getResource()) + line + ")";
        }
        return origin == null ? "" : " (" + origin + ")";
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
        String at = yaml.getProblemMark() == null
                ? ""
                : " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                        + (yaml.getProblemMark().getColumn() + 1);
        String file = yamlFileThatFails(yaml);
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
