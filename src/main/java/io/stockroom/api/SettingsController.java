package io.stockroom.api;

import io.stockroom.metrics.MetricsProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The display settings (currency, locale, time zone, retail calendar) for API clients, and for the web app as an ES
 * module it imports before formatting any number, so the pages never guess a currency.
 */
@RestController
class SettingsController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MetricsProperties properties;

    SettingsController(MetricsProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/v1/settings")
    Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", properties.currency());
        out.put("locale", properties.javaLocale().toLanguageTag());
        out.put("time_zone", properties.zone().getId());
        out.put("fiscal_calendar", properties.retailCalendar().pattern().label());
        out.put(
                "fiscal_year_start_month",
                properties.calendar().startMonth().name().toLowerCase(java.util.Locale.ROOT));
        out.put("comp_min_open_months", properties.compMinOpenMonths());
        return out;
    }

    @GetMapping(value = "/js/settings.js", produces = "text/javascript")
    ResponseEntity<String> settingsModule() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("text/javascript"))
                .body("// Served by SettingsController from stockroom.metrics.*\nexport const SETTINGS = "
                        + JSON.writeValueAsString(settings()) + ";\n");
    }
}
