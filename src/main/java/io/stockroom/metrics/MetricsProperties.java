package io.stockroom.metrics;

import java.time.DateTimeException;
import java.time.Month;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the metric layer counts and shows numbers ({@code stockroom.metrics.*}); see docs/metrics.md.
 *
 * @param currency           ISO 4217 code of the data's money (amounts are not converted, only labelled)
 * @param locale             BCP 47 tag for thousands separators, decimal marks and dates (en-US, de-DE, en-GB)
 * @param timeZone           the retailer's time zone: "today" and the business day of timestamps (orders)
 * @param compMinOpenMonths  a store counts in like-for-like (comp) sales once open this many months before the period
 * @param calendar           the retail fiscal calendar
 */
@ConfigurationProperties("stockroom.metrics")
public record MetricsProperties(
        @DefaultValue("USD") String currency,
        @DefaultValue("en-US") String locale,
        @DefaultValue("UTC") String timeZone,
        @DefaultValue("13") int compMinOpenMonths,
        @DefaultValue Calendar calendar) {

    /** @param pattern 4-5-4 (NRF), 4-4-5 or 5-4-4; @param startMonth the month the fiscal year starts in (FEBRUARY for NRF) */
    public record Calendar(
            @DefaultValue("4-5-4") String pattern,
            @DefaultValue("FEBRUARY") Month startMonth) {}

    public MetricsProperties {
        try {
            Currency.getInstance(currency.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "stockroom.metrics.currency must be an ISO 4217 code such as USD, EUR or GBP, got '" + currency
                            + "'");
        }
        Locale l = Locale.forLanguageTag(locale.strip());
        if (l.getLanguage().isEmpty()) {
            throw new IllegalArgumentException(
                    "stockroom.metrics.locale must be a language tag such as en-US, de-DE or en-GB, got '" + locale
                            + "'");
        }
        try {
            ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "stockroom.metrics.time-zone must be a zone id such as Europe/London or UTC, got '" + timeZone
                            + "'");
        }
        if (compMinOpenMonths < 0) {
            throw new IllegalArgumentException(
                    "stockroom.metrics.comp-min-open-months must be 0 or more, got " + compMinOpenMonths);
        }
        RetailCalendar.Pattern.parse(calendar.pattern()); // fails with the accepted values
        currency = currency.strip().toUpperCase(Locale.ROOT);
    }

    public static MetricsProperties defaults() {
        return new MetricsProperties("USD", "en-US", "UTC", 13, new Calendar("4-5-4", Month.FEBRUARY));
    }

    public Locale javaLocale() {
        return Locale.forLanguageTag(locale.strip());
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone.strip());
    }

    public RetailCalendar retailCalendar() {
        return RetailCalendar.of(calendar.pattern(), calendar.startMonth());
    }
}
