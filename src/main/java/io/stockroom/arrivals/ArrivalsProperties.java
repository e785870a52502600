package io.stockroom.arrivals;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the expected-arrivals calendar is learned ({@code stockroom.expected.*}).
 *
 * @param historyWeeks how many past same weekdays are looked at
 * @param minShare     a dataset (store) is expected when it arrived on more than this share of them
 */
@ConfigurationProperties("stockroom.expected")
public record ArrivalsProperties(
        @DefaultValue("4") int historyWeeks,
        @DefaultValue("0.5") double minShare) {

    public static ArrivalsProperties defaults() {
        return new ArrivalsProperties(4, 0.5);
    }
}
