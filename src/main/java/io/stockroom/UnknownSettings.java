package io.stockroom;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * A {@code stockroom.*} key that no Stockroom setting reads stops the start, named with its file and line and the
 * closest key that exists: before, {@code stockroom.scheduel.cron} was ignored without a word and the server never ran
 * at 05:30. Spring's binder cannot say it: {@code ignoreUnknownFields = false} sees only the unknown fields of a group
 * that is bound, never a group nobody binds ({@code stockroom.scheduel}), nor the keys read one by one (the schedule).
 *
 * <p>The known keys are the components of every {@code @ConfigurationProperties} record registered in the context
 * (a map's key is free: {@code stockroom.retention.datasets.<dataset>.raw-days}), plus {@link #READ_ONE_BY_ONE}.
 * Environment variables and JVM system properties only warn: other software on the machine may set a
 * {@code STOCKROOM_*} variable of its own, and a variable's name cannot say which key it meant to the letter.
 *
 * <p>It runs as a bean factory post-processor: after the configuration is read, before any bean (the warehouse, the
 * scheduler) is made.
 */
@Component
public final class UnknownSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(UnknownSettings.class);

    /** Keys read with {@code @Value} or {@code Environment.getProperty}, not through a properties record. */
    static final List<String> READ_ONE_BY_ONE = List.of(
            "stockroom.schedule.cron",
            "stockroom.schedule.same-day-after",
            "stockroom.schedule.catch-up-days",
            "stockroom.schedule.zone",
            "stockroom.retention.cron",
            "stockroom.security.retention.cron",
            "stockroom.sla.check-every",
            "stockroom.ingest.max-columns",
            "stockroom.admin-password",
            // STOCKROOM_FORWARD_HEADERS (application.yaml) and STOCKROOM_HEAP (the ./stockroom script)
            "stockroom.forward-headers",
            "stockroom.heap");

    /** Hooks of the tests and benchmarks (system properties), never reported and never suggested. */
    private static final List<String> INTERNAL =
            List.of("stockroom.fault.", "stockroom.test.", "stockroom.bench.", "stockroom.shared-data");

    private static final String ROOT = "stockroom";

    private final List<String> warnings = new ArrayList<>();
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        Known known = Known.of(propertiesClasses(beanFactory));
        List<String> unknown = new ArrayList<>();
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names && !isAttached(source)) {
                boolean warnOnly = isEnvironmentVariables(source) || isSystemProperties(source);
                for (String message : unknownIn(names, known)) {
                    if (warnOnly) {
                        warnings.add(message);
                    } else {
                        unknown.add(message);
                    }
                }
            }
        }
        warnings.forEach(w -> log.warn("{}", w));
        if (!unknown.isEmpty()) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID, String.join("\n", unknown));
        }
    }

    /** What the start found in environment variables and system properties that no setting reads (not fatal). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** One message per unknown {@code stockroom.*} key of {@code source}. */
    static List<String> unknownIn(EnumerablePropertySource<?> source, Known known) {
        List<String> messages = new ArrayList<>();
        if (isEnvironmentVariables(source)) {
            for (String variable : new TreeSet<>(List.of(source.getPropertyNames()))) {
                String upper = variable.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("STOCKROOM_") && !known.matchesVariable(upper)) {
                    String closest = known.closest(
                            upper.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
                    messages.add("The environment variable " + variable + " is set but no Stockroom setting reads it"
                            + " (Stockroom ignores it)"
                            + (closest == null ? "" : "; did you mean " + variableOf(closest) + " (" + closest + ")?")
                            + " If it is not meant for Stockroom, nothing to do (README.md, Configuration).");
                }
            }
            return messages;
        }
        ConfigurationPropertySource names = ConfigurationPropertySource.from(source);
        if (!(names instanceof IterableConfigurationPropertySource iterable)) {
            return messages;
        }
        Set<String> reported = new TreeSet<>();
        iterable.stream()
                .filter(name -> name.getNumberOfElements() > 0
                        && name.getElement(0, ConfigurationPropertyName.Form.DASHED)
                                .equals(ROOT))
                .forEach(name -> {
                    List<String> elements = elements(name);
                    String key = String.join(".", elements);
                    if (!known.matches(elements) && reported.add(key)) {
                        ConfigurationProperty property = iterable.getConfigurationProperty(name);
                        String where = property == null ? "" : StartupFailure.where(property.getOrigin());
                        String closest = known.closest(key);
                        messages.add("Unknown setting " + key + where + ": no Stockroom setting has this name, so it"
                                + " would be ignored" + (closest == null ? "." : "; did you mean " + closest + "?")
                                + " Correct or remove it (the settings: README.md, Configuration).");
                    }
                });
        return messages;
    }

    private static List<String> elements(ConfigurationPropertyName name) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) { // a list's [0], [1]: the list's key is the setting
                elements.add(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
            }
        }
        return elements;
    }

    private static String variableOf(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean isAttached(PropertySource<?> source) {
        // the view of all the sources that Spring Boot puts first; each source is looked at on its own
        return source.getName().equals("configurationProperties");
    }

    private static boolean isEnvironmentVariables(PropertySource<?> source) {
        return source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    }

    private static boolean isSystemProperties(PropertySource<?> source) {
        return source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    }

    private static List<Class<?>> propertiesClasses(ConfigurableListableBeanFactory beanFactory) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            String className = definition.getBeanClassName();
            if (className != null && className.startsWith("io.stockroom.")) {
                try {
                    Class<?> type = Class.forName(className, false, beanFactory.getBeanClassLoader());
                    if (type.isAnnotationPresent(ConfigurationProperties.class)) {
                        classes.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not a class of ours to check
                }
            }
        }
        return classes;
    }

    /**
     * The keys Stockroom reads, each as its elements; {@code *} stands for one free element (a map's key: a dataset,
     * a claim value), {@code **} for one or more at the end (a map of plain values, whose key may hold dots).
     */
    record Known(Set<String> patterns) {

        static Known of(Collection<Class<?>> propertiesClasses) {
            Set<String> patterns = new TreeSet<>(READ_ONE_BY_ONE);
            for (Class<?> type : propertiesClasses) {
                ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                walk(type, prefix, patterns);
            }
            return new Known(patterns);
        }

        private static void walk(Class<?> type, String prefix, Set<String> patterns) {
            if (!type.isRecord()) {
                patterns.add(prefix + ".**"); // not a record: its keys are not listed, so none is refused
                return;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                String key = prefix + "." + dashed(component.getName());
                add(component.getType(), component.getGenericType(), key, patterns);
            }
        }

        private static void add(Class<?> type, Type generic, String key, Set<String> patterns) {
            if (Map.class.isAssignableFrom(type)) {
                Class<?> value = typeArgument(generic, 1);
                if (value != null && isGroup(value)) {
                    walk(value, key + ".*", patterns);
                } else {
                    patterns.add(key + ".**");
                }
            } else if (isGroup(type)) {
                walk(type, key, patterns);
            } else {
                patterns.add(key); // a value, or a list of values (its [0], [1] are the list)
            }
        }

        private static boolean isGroup(Class<?> type) {
            return type.isRecord() && type.getName().startsWith("io.stockroom.");
        }

        private static Class<?> typeArgument(Type generic, int index) {
            if (generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
                return argument;
            }
            return null;
        }

        private static String dashed(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }

        boolean matches(List<String> elements) {
            String key = String.join(".", elements);
            if (isInternal(key)) {
                return true;
            }
            for (String pattern : patterns) {
                if (matches(pattern.split("\\."), elements)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(String[] pattern, List<String> elements) {
            for (int i = 0; i < pattern.length; i++) {
                if (pattern[i].equals("**")) {
                    return elements.size() > i;
                }
                if (i >= elements.size() || !pattern[i].equals("*") && !pattern[i].equals(elements.get(i))) {
                    return false;
                }
            }
            return elements.size() == pattern.length;
        }

        /** An environment variable as Spring reads it: '_' for '.', and a '-' either dropped or '_'. */
        boolean matchesVariable(String variable) {
            if (isInternal(variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'))) {
                return true;
            }
            for (String pattern : patterns) {
                StringBuilder regex = new StringBuilder();
                for (String element : pattern.split("\\.")) {
                    if (!regex.isEmpty()) {
                        regex.append('_');
                    }
                    regex.append(
                            switch (element) {
                                case "*" -> "[A-Z0-9]+";
                                case "**" -> "[A-Z0-9_]+";
                                default ->
                                    Pattern.quote(element.toUpperCase(java.util.Locale.ROOT))
                                            .replace("-", "\\E_?\\Q");
                            });
                }
                if (variable.matches(regex.toString())) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isInternal(String key) {
            return INTERNAL.stream().anyMatch(key::startsWith);
        }

        /** The known key nearest to {@code key} by edits, a map's free element taken from {@code key}; or null. */
        String closest(String key) {
            String[] elements = key.split("\\.");
            Map<String, Integer> distances = new LinkedHashMap<>();
            for (String pattern : patterns) {
                String[] parts = pattern.split("\\.");
                StringBuilder candidate = new StringBuilder();
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i];
                    if (part.equals("*") || part.equals("**")) {
                        part = i < elements.length ? elements[i] : "<key>";
                    }
                    candidate.append(i == 0 ? "" : ".").append(part);
                }
                distances.put(candidate.toString(), distance(key, candidate.toString()));
            }
            return distances.entrySet().stream()
                    .filter(e -> e.getValue() <= Math.max(3, key.length() / 4))
                    .min(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(null);
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
