package io.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** Which keys the start refuses as unknown (StartupProblemsTest: what the user sees when it does). */
class UnknownSettingsTest {

    private static final UnknownSettings.Known KNOWN = UnknownSettings.Known.of(propertiesClasses());

    @Test
    void everyKeyTheReadmeDocumentsIsKnown() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## CLI"));
        Matcher key = Pattern.compile("`(stockroom\\.[a-z0-9.<>|\\\\-]+)`").matcher(table);
        List<String> keys = new ArrayList<>();
        while (key.find()) {
            keys.add(key.group(1).replaceAll("<[^>]+>", "sales"));
        }

        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(keys)
                .filteredOn(k -> !k.endsWith(".") && !KNOWN.matches(List.of(k.split("\\."))))
                .isEmpty();
    }

    @Test
    void aMapsKeysAreFreeButTheFieldsOfItsValuesAreNot() {
        assertThat(KNOWN.matches(List.of("stockroom", "retention", "datasets", "sales", "raw-days")))
                .isTrue();
        assertThat(KNOWN.matches(List.of("stockroom", "sla", "deadlines", "web_sessions")))
                .isTrue();
        assertThat(KNOWN.matches(List.of("stockroom", "security", "oidc", "role-map", "a1b2-c3", "x")))
                .isTrue();
        assertThat(KNOWN.matches(List.of("stockroom", "retention", "datasets", "sales", "raw-dayz")))
                .isFalse();
        assertThat(KNOWN.matches(List.of("stockroom", "scheduel", "cron"))).isFalse();
        assertThat(KNOWN.closest("stockroom.scheduel.cron")).isEqualTo("stockroom.schedule.cron");
        assertThat(KNOWN.closest("stockroom.something.else.entirely")).isNull();
    }

    @Test
    void anUnknownEnvironmentVariableIsAWarningThatNamesTheVariableItMayHaveMeant() {
        SystemEnvironmentPropertySource variables = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "STOCKROOM_DATA_DIR", "/srv/stockroom",
                        "STOCKROOM_SCHEDULE_CRON", "0 30 5 * * *",
                        "STOCKROOM_RETENTION_DATASETS_SALES_RAWDAYS", "10",
                        "STOCKROOM_FORWARD_HEADERS", "native",
                        "STOCKROOM_SCHEDUEL_CRON", "0 30 5 * * *",
                        "PATH", "/usr/bin"));

        assertThat(UnknownSettings.unknownIn(variables, KNOWN))
                .singleElement()
                .asString()
                .contains("STOCKROOM_SCHEDUEL_CRON")
                .contains("did you mean STOCKROOM_SCHEDULE_CRON")
                .contains("If it is not meant for Stockroom, nothing to do");
    }

    @Test
    void aListsElementsAreItsOneKey() {
        MapPropertySource file = new MapPropertySource(
                "file",
                Map.of(
                        "stockroom.sla.email.to[0]", "ops@example.com",
                        "stockroom.online.milestones[1]", "100"));

        assertThat(UnknownSettings.unknownIn(file, KNOWN)).isEmpty();
    }

    private static List<Class<?>> propertiesClasses() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> classes = new ArrayList<>();
        scan.findCandidateComponents("io.stockroom").forEach(definition -> {
            try {
                classes.add(Class.forName(definition.getBeanClassName()));
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        });
        return classes;
    }
}
