package io.stockroom.alerting;

import io.stockroom.StockroomProperties;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Unusual days as alerts (issue 13): after the marts of a business date are built, the day's anomalies in
 * mart_online_anomalies (robust z-score against the 28 days before, |z| > 3.5) go to the SLA channels and the alerts
 * table, grouped by cause: one alert per day for a spike (metrics above their baseline) and one for a drop, naming
 * every metric that moved. Each is sent once per channel; a failed delivery is retried at the next run of the date.
 * Dates older than {@code stockroom.sla.lookback-days} before today are not alerted (a backfill of history is not news).
 */
@Service
public class AnomalyWatch {

    private static final Logger log = LoggerFactory.getLogger(AnomalyWatch.class);
    private static final Map<String, String> LABELS = Map.of(
            "online_revenue",
            "web revenue",
            "orders",
            "web orders",
            "average_order_value",
            "average order value",
            "new_customers",
            "new customers",
            "store_sales",
            "store sales");

    private final Warehouse warehouse;
    private final List<AlertChannel> channels;
    private final Clock clock;
    private final int lookbackDays;

    @Autowired
    AnomalyWatch(
            Warehouse warehouse,
            SlaProperties properties,
            ObjectProvider<JavaMailSender> mail,
            StockroomProperties stockroom) {
        this(
                warehouse,
                SlaWatch.channels(properties, mail.getIfAvailable()),
                Clock.system(stockroom.zone()),
                properties.lookbackDays());
    }

    AnomalyWatch(Warehouse warehouse, List<AlertChannel> channels, Clock clock, int lookbackDays) {
        this.warehouse = warehouse;
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.lookbackDays = lookbackDays;
    }

    /** One anomaly alert: the cause (web_sales_spike or web_sales_drop), its day, the channel and what it said. */
    public record Sent(String cause, LocalDate businessDate, String channel, String status, String message) {}

    /** Alerts the unusual metrics of a business date (once per cause and channel); returns the alerts sent or attempted now. */
    public List<Sent> check(LocalDate date) {
        if (date.isBefore(LocalDate.now(clock).minusDays(lookbackDays))) {
            return List.of();
        }
        Map<String, List<String>> byCause = new LinkedHashMap<>();
        warehouse.withConnection(c -> {
            Sql.on(c)
                    .sql("SELECT metric, value, median_value, robust_z FROM mart_online_anomalies "
                            + "WHERE is_anomaly AND business_date = ? ORDER BY ABS(robust_z) DESC, metric")
                    .param(Sql.date(date))
                    .query((ResultSet r) -> {
                        boolean up = r.getBigDecimal(4).signum() > 0;
                        byCause.computeIfAbsent(up ? "web_sales_spike" : "web_sales_drop", k -> new ArrayList<>())
                                .add(String.format(
                                        Locale.ROOT,
                                        "%s %s (usual %s, robust z %s)",
                                        LABELS.getOrDefault(r.getString(1), r.getString(1)),
                                        r.getBigDecimal(2).toPlainString(),
                                        r.getBigDecimal(3).toPlainString(),
                                        r.getBigDecimal(4).toPlainString()));
                    });
            return null;
        });
        List<Sent> out = new ArrayList<>();
        byCause.forEach((cause, moves) -> {
            String subject = "[Stockroom] " + (cause.equals("web_sales_spike") ? "unusually high" : "unusually low")
                    + " sales on " + date;
            String text = String.join("; ", moves)
                    + ". Compared with the median of the 28 days before (docs/ecommerce.md, anomalies). "
                    + "Check for a promotion, an outage or a feed that sent a day twice or only in part: the Online page lists the unusual days.";
            for (AlertChannel channel : channels) {
                if (alreadySent(cause, date, channel.name())) {
                    continue;
                }
                String error = null;
                try {
                    channel.send(subject, text);
                } catch (Exception e) {
                    error = e.getMessage() == null ? e.toString() : e.getMessage();
                    log.warn("anomaly alert for {} {} over {} failed: {}", cause, date, channel.name(), error);
                }
                record(cause, date, channel.name(), error, subject + "\n" + text);
                out.add(new Sent(
                        cause, date, channel.name(), error == null ? "sent" : "failed", subject + "\n" + text));
            }
        });
        return out;
    }

    private boolean alreadySent(String cause, LocalDate date, String channel) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT 1 FROM alerts WHERE dataset = ? AND business_date = ? AND channel = ? "
                        + "AND status = 'sent'")
                .param(Sql.text(cause))
                .param(Sql.date(date))
                .param(Sql.text(channel))
                .query(ResultSet::next));
    }

    private void record(String cause, LocalDate date, String channel, String error, String message) {
        SqlParameterValue now = Sql.instant(Instant.now(clock)); // as SlaWatch writes its alerts' times
        warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            jdbc.sql("DELETE FROM alerts WHERE dataset = ? AND business_date = ? AND channel = ?")
                    .param(Sql.text(cause))
                    .param(Sql.date(date))
                    .param(Sql.text(channel))
                    .update();
            jdbc.sql("INSERT INTO alerts (dataset, business_date, channel, deadline, status, message, error, "
                            + "sent_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'anomaly')")
                    .param(Sql.text(cause))
                    .param(Sql.date(date))
                    .param(Sql.text(channel))
                    .param(now) // an anomaly has no deadline: when it was found
                    .param(Sql.text(error == null ? "sent" : "failed"))
                    .param(Sql.text(message))
                    .param(Sql.text(error))
                    .param(now)
                    .update();
            return null;
        });
    }
}
