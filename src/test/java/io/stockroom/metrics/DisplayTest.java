package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Month;
import org.junit.jupiter.api.Test;

/** Formatted numbers follow the configured currency and locale; nothing is hard-coded to dollars. */
class DisplayTest {

    private static Display display(String currency, String locale) {
        return new Display(new MetricsProperties(
                currency, locale, "UTC", 13, new MetricsProperties.Calendar("4-5-4", Month.FEBRUARY)));
    }

    @Test
    void moneyTakesTheCurrencyAndTheLocalesSeparators() {
        assertThat(display("USD", "en-US").money(new BigDecimal("1234.5"))).isEqualTo("$1,234.50");
        assertThat(display("EUR", "de-DE").money(new BigDecimal("1234.5")).replace('\u00a0', ' '))
                .isEqualTo("1.234,50 €");
        assertThat(display("GBP", "en-GB").money(new BigDecimal("-3"))).isEqualTo("-£3.00");
        assertThat(display("JPY", "ja-JP").money(new BigDecimal("1234"))).endsWith("1,234");
        assertThat(display("EUR", "de-DE").percent(new BigDecimal("37.9")).replace('\u00a0', ' '))
                .isEqualTo("37,9 %");
        assertThat(display("USD", "en-US").points(new BigDecimal("-0.5"))).isEqualTo("\u22120.5 pp");
        assertThat(display("USD", "en-US").money(null)).isNull();
    }

    @Test
    void aWrongSettingSaysWhatIsExpected() {
        assertThatThrownBy(() -> display("DOLLARS", "en-US")).hasMessageContaining("ISO 4217 code such as USD");
        assertThatThrownBy(() -> new MetricsProperties(
                        "USD", "en-US", "Mars/Base", 13, new MetricsProperties.Calendar("4-5-4", Month.FEBRUARY)))
                .hasMessageContaining("time-zone");
        assertThat(MetricsProperties.defaults().currency()).isEqualTo("USD");
    }
}
