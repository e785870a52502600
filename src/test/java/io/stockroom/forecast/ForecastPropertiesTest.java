package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** With nothing configured, stockroom.forecast.* binds to the documented defaults (off); each key can be overridden. */
class ForecastPropertiesTest {

    private static ForecastProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("stockroom.forecast", ForecastProperties.class);
    }

    @Test
    void defaultsWithNothingConfigured() {
        ForecastProperties p = bind(Map.of());
        assertThat(p).isEqualTo(ForecastProperties.defaults(false));
        assertThat(p.enabled()).isFalse();
        assertThat(p.historyDays()).isEqualTo(112);
        assertThat(p.horizonDays()).isEqualTo(35);
        assertThat(p.chooseInDailyRun())
                .as("the weekly choice as its own step after the run unless configured")
                .isFalse();
    }

    @Test
    void overridesAndBadValues() {
        assertThat(bind(Map.of("stockroom.forecast.enabled", "true")).enabled()).isTrue();
        assertThat(bind(Map.of("stockroom.forecast.choose-in-daily-run", "true"))
                        .chooseInDailyRun())
                .isTrue();
        assertThatThrownBy(() -> bind(Map.of("stockroom.forecast.history-days", "7")))
                .hasRootCauseMessage(
                        "stockroom.forecast: history-days must be at least 14 and horizon-days, backtest-folds, backtest-horizon-days at least 1");
    }
}
