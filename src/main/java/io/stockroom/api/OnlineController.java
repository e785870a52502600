package io.stockroom.api;

import io.stockroom.online.OnlineAnalytics;
import io.stockroom.online.OnlineReports;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * E-commerce and operations analytics (docs/ecommerce.md). Each takes an optional period {@code from}/{@code to}
 * (default: the 30 days up to the latest web order; growth: the 12 months up to it). Chain-wide users only.
 */
@RestController
@RequestMapping("/api/v1")
class OnlineController {

    private final OnlineAnalytics online;

    OnlineController(OnlineAnalytics online) {
        this.online = online;
    }

    @GetMapping("/online/pulse")
    OnlineReports.Pulse pulse(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.pulse(from, to);
    }

    @GetMapping("/online/customers")
    OnlineReports.Customers customers(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.customers(from, to);
    }

    @GetMapping("/online/cohorts")
    OnlineReports.Cohorts cohorts() {
        return online.cohorts();
    }

    @GetMapping("/online/fulfilment")
    OnlineReports.Fulfilment fulfilment(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.fulfilment(from, to);
    }

    @GetMapping("/online/service")
    OnlineReports.Service service(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.service(from, to);
    }

    @GetMapping("/online/growth")
    OnlineReports.Growth growth(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.growth(from, to);
    }

    /**
     * The e-commerce seed's metrics query: metric, time range, granularity (hourly|daily|weekly|monthly), filters. Also
     * at the seed's own address, {@code /api/v1/analytics/metrics}.
     */
    @GetMapping({"/online/metrics", "/analytics/metrics"})
    OnlineReports.MetricSeries metrics(
            @RequestParam(required = false) String metric,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String granularity,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String country) {
        return online.metrics(metric, from, to, granularity, channel, country);
    }

    @GetMapping("/online/anomalies")
    OnlineReports.Anomalies anomalies(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.anomalies(from, to);
    }

    @GetMapping("/online/seasonality")
    OnlineReports.Seasonality seasonality() {
        return online.seasonality();
    }

    @GetMapping("/online/suppliers")
    OnlineReports.Suppliers suppliers(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return online.suppliers(from, to);
    }
}
