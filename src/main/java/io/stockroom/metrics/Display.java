package io.stockroom.metrics;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Numbers as the retailer reads them, in the configured currency and locale (stockroom.metrics.currency / locale):
 * the API's formatted fields, exports and the console use this one place, never a hard-coded "$".
 */
public final class Display {

    private final Locale locale;
    private final Currency currency;

    public Display(MetricsProperties properties) {
        this.locale = properties.javaLocale();
        this.currency = Currency.getInstance(properties.currency());
    }

    public Locale locale() {
        return locale;
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    /** "$1,234.50", "1.234,50 €" */
    public String money(BigDecimal v) {
        if (v == null) {
            return null;
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(currency);
        f.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        f.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        return f.format(v);
    }

    /** "12,345" or "12,345.5" (weighed units keep up to 3 decimals). */
    public String count(BigDecimal v) {
        if (v == null) {
            return null;
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(3);
        return f.format(v);
    }

    /** A value in percent (37.9 → "37.9%", locale-shaped). */
    public String percent(BigDecimal v) {
        if (v == null) {
            return null;
        }
        NumberFormat f = NumberFormat.getPercentInstance(locale);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(2);
        return f.format(v.movePointLeft(2));
    }

    /** A change in percentage points: "−0.5 pp". */
    public String points(BigDecimal v) {
        if (v == null) {
            return null;
        }
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(2);
        return (v.signum() > 0 ? "+" : v.signum() < 0 ? "\u2212" : "\u00b1") + f.format(v.abs()) + " pp";
    }
}
