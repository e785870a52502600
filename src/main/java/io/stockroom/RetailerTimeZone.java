package io.stockroom;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The retailer has one time zone. It has two names: {@code stockroom.timezone} (the schedule, the SLA deadlines, the
 * anomaly watch) and {@code stockroom.metrics.time-zone} (the business day of a time written in UTC, "today" on the
 * dashboards). Whichever is set gives both; both set to different zones, or a zone that does not exist, stops the start
 * with the one message that says so — before, a chain that set only the first had its schedule in its own zone and its
 * UTC order times dated in UTC. Set at two levels (one in the data directory's settings, the other in an environment
 * variable), the higher level's zone is the retailer's, as for any other setting.
 */
final class RetailerTimeZone implements EnvironmentPostProcessor {

    static final String GENERAL = "stockroom.timezone";
    static final String METRICS = "stockroom.metrics.time-zone";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String general = blankToNull(environment.getProperty(GENERAL));
        String metrics = blankToNull(environment.getProperty(METRICS));
        if (general != null && metrics != null) {
            // set at two levels (the data directory's file, an environment variable), the higher speaks for both
            int g = level(environment, GENERAL);
            int m = level(environment, METRICS);
            if (g < m) {
                metrics = null;
            } else if (m < g) {
                general = null;
            }
        }
        String zone = of(general, metrics, key -> StartupFailure.fileWhereSet(key, environment));
        if (zone != null && (general == null || metrics == null)) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "stockroom-retailer-time-zone", Map.of(GENERAL, zone, METRICS, zone)));
        }
    }

    /** The position of the first property source that sets {@code key}: 0 is the highest precedence. */
    private static int level(ConfigurableEnvironment environment, String key) {
        int level = 0;
        for (org.springframework.core.env.PropertySource<?> source : environment.getPropertySources()) {
            if (!source.getName().equals("configurationProperties") && source.containsProperty(key)) {
                return level;
            }
            level++;
        }
        return level;
    }

    /**
     * The retailer's zone from the two settings (either may be null), or null when neither is set (then UTC).
     *
     * @throws StockroomException when a value is not a zone, or the two name different zones
     */
    static String of(String general, String metrics) {
        return of(general, metrics, key -> "");
    }

    /** @param where " (file, line N)" where a key is set, for the message; "" when not known */
    static String of(String general, String metrics, java.util.function.UnaryOperator<String> where) {
        ZoneId a = parse(GENERAL, general, where);
        ZoneId b = parse(METRICS, metrics, where);
        if (a != null && b != null && !a.equals(b)) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    GENERAL + " is " + general.strip() + where.apply(GENERAL) + " but " + METRICS + " is "
                            + metrics.strip() + where.apply(METRICS)
                            + ": they are the same setting, the retailer's time zone (the schedule, the deadlines and"
                            + " the business day of a time written in UTC all use it). Keep one of them, or set both"
                            + " to the same zone.");
        }
        return a != null ? a.getId() : b != null ? b.getId() : null;
    }

    private static ZoneId parse(String key, String value, java.util.function.UnaryOperator<String> where) {
        if (value == null) {
            return null;
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    key + " = '" + value + "'" + where.apply(key)
                            + " is not a time zone. Use a zone id such as America/New_York,"
                            + " Europe/London or UTC (the region names of the IANA time zone database).");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
