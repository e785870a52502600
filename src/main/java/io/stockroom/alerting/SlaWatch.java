package io.stockroom.alerting;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.arrivals.Completeness;
import io.stockroom.arrivals.DropFolder;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Watches the SLA: for each of the last {@code stockroom.sla.lookback-days} business dates, once a dataset's deadline
 * (the next day at {@code stockroom.sla.deadline}, per dataset in {@code deadlines}, in {@code stockroom.timezone}) has
 * passed while the dataset is still missing or failed, an alert goes to every channel — once per dataset, date and
 * channel, recorded in the alerts table (a failed delivery is retried at the next check). A date whose run is going is
 * checked once that run has ended.
 */
@Service
public class SlaWatch {

    private static final Logger log = LoggerFactory.getLogger(SlaWatch.class);

    /** How far back an open alert is rechecked for a late file (a month of a store that never sends is not). */
    private static final int RESOLVE_DAYS = 31;

    private final ExpectedArrivals arrivals;
    private final Warehouse warehouse;
    private final SlaProperties properties;
    private final List<AlertChannel> channels;
    private final Clock clock;
    private final DropFolder drop;

    @Autowired
    SlaWatch(
            ExpectedArrivals arrivals,
            Warehouse warehouse,
            SlaProperties properties,
            ObjectProvider<JavaMailSender> mail,
            StockroomProperties stockroom) {
        this(
                arrivals,
                warehouse,
                properties,
                channels(properties, mail.getIfAvailable()),
                Clock.system(stockroom.zone()),
                new DropFolder(stockroom.resolvedDropDir(), warehouse, stockroom.dropSettleTime()));
    }

    SlaWatch(
            ExpectedArrivals arrivals,
            Warehouse warehouse,
            SlaProperties properties,
            List<AlertChannel> channels,
            Clock clock,
            DropFolder drop) {
        this.arrivals = arrivals;
        this.warehouse = warehouse;
        this.properties = properties;
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.drop = drop;
    }

    /**
     * One alert as recorded: deadline and sent_at are instants (UTC). resolvedAt: when a later check found the dataset
     * complete (its late file was loaded), else null. kind: sla, or anomaly (an unusual day; never resolved).
     */
    public record Alert(
            String dataset,
            LocalDate businessDate,
            String channel,
            Instant deadline,
            String status,
            String message,
            String error,
            Instant sentAt,
            Instant resolvedAt,
            String kind) {}

    /** The channels the configuration names: e-mail, webhook, else the log only. */
    static List<AlertChannel> channels(SlaProperties p, JavaMailSender mail) {
        List<AlertChannel> out = new ArrayList<>();
        if (!p.email().to().isEmpty()) {
            if (mail == null) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "stockroom.sla.email.to is set but no mail server is: set spring.mail.host "
                                + "(and spring.mail.port, username, password) or remove stockroom.sla.email.to.");
            }
            out.add(new AlertChannel.Email(mail, p.email().from(), p.email().to()));
        }
        if (p.webhookUrl() != null && !p.webhookUrl().isBlank()) {
            URI url;
            try {
                url = URI.create(p.webhookUrl().trim());
            } catch (IllegalArgumentException e) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "stockroom.sla.webhook-url '" + p.webhookUrl() + "' is not a URL: " + e.getMessage());
            }
            if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
                throw new StockroomException(
                        ErrorCode.CONFIG_INVALID,
                        "stockroom.sla.webhook-url must be an http(s) URL, not '" + p.webhookUrl() + "'.");
            }
            out.add(new AlertChannel.Webhook(
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .build(),
                    url));
        }
        if (out.isEmpty()) {
            out.add(new AlertChannel.Log());
        }
        return out;
    }

    /** Checks the watched dates now; returns the alerts sent (or attempted) by this check. */
    public synchronized List<Alert> check() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        resolveArrived(now.toInstant());
        announceResolved(now.toInstant());
        List<Alert> out = new ArrayList<>();
        for (LocalDate d = now.toLocalDate().minusDays(properties.lookbackDays());
                d.isBefore(now.toLocalDate());
                d = d.plusDays(1)) {
            if (runGoing(d)) {
                continue; // its files may be loading now: checked again once the run has ended
            }
            Completeness c = arrivals.status(d);
            recordUnchecked(d, c, now);
            List<DropFolder.Pending> waiting = null; // read once per date, only when an alert goes out
            List<DropFolder.Skipped> notRead = null;
            for (Completeness.DatasetArrival a : c.incomplete()) {
                ZonedDateTime deadline =
                        d.plusDays(1).atTime(properties.deadlineOf(a.dataset())).atZone(clock.getZone());
                if (now.isBefore(deadline)) {
                    continue;
                }
                for (AlertChannel channel : channels) {
                    if (alreadySent(a.dataset(), d, channel.name())) {
                        continue;
                    }
                    if (waiting == null) {
                        waiting = drop.waiting(d);
                        notRead = drop.notRead(d);
                    }
                    String subject = "[Stockroom] " + a.dataset() + " for " + d + " is not complete at its "
                            + properties.deadlineOf(a.dataset()) + " deadline";
                    String text = a.describe() + ". Deadline " + deadline + ". "
                            + (waiting.isEmpty() && notRead.isEmpty()
                                    ? "Send the missing files or fix the failed feed, then run " + d
                                            + " again ('stockroom run --date " + d + "')"
                                    : waiting.isEmpty()
                                            ? notRead(notRead, d)
                                            : unloaded(waiting, d)
                                                    + (notRead.isEmpty() ? "" : "; " + notRead(notRead, d)))
                            + "; 'stockroom expected --date " + d + "' shows what is due.";
                    String error = null;
                    try {
                        channel.send(subject, text);
                    } catch (Exception e) {
                        error = e.getMessage() == null ? e.toString() : e.getMessage();
                        log.warn("SLA alert for {} {} over {} failed: {}", a.dataset(), d, channel.name(), error);
                    }
                    Alert alert = new Alert(
                            a.dataset(),
                            d,
                            channel.name(),
                            deadline.toInstant(),
                            error == null ? "sent" : "failed",
                            subject + "\n" + text,
                            error,
                            Instant.now(clock),
                            null,
                            "sla");
                    record(alert);
                    out.add(alert);
                }
            }
        }
        return out;
    }

    /**
     * The fix when files arrived for the date but no run loaded them (no run scheduled since, or the schedule set
     * after they came): the sender did send; the data engineer runs the date.
     */
    private static String unloaded(List<DropFolder.Pending> waiting, LocalDate d) {
        String names = waiting.stream()
                .limit(5)
                .map(DropFolder.Pending::relative)
                .collect(java.util.stream.Collectors.joining(", "));
        return waiting.size() + (waiting.size() == 1 ? " file waits" : " files wait")
                + " in the drop folder, not loaded by any run (" + names + (waiting.size() > 5 ? ", ..." : "")
                + "): if they are the missing data, load them with 'stockroom run --date " + d
                + "' and check that a run is scheduled (stockroom.schedule); else send the missing files or fix the "
                + "failed feed, then run the date";
    }

    /**
     * The fix when the drop folder holds what no run reads (a date folder named 2026-12-1, a broken link): the
     * sender may well have sent the data; the data engineer puts it where a run reads it.
     */
    private static String notRead(List<DropFolder.Skipped> notRead, LocalDate d) {
        String names = notRead.stream()
                .limit(5)
                .map(DropFolder.Skipped::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        return "the drop folder holds what no run reads (" + names + (notRead.size() > 5 ? ", ..." : "")
                + "): if that is the missing data, fix it as said and run " + d + " again ('stockroom run --date " + d
                + "')";
    }

    /** The most recent alerts, newest first. */
    public List<Alert> recent(int limit) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT dataset, business_date, channel, deadline, status, message, error, sent_at, resolved_at, "
                        + "COALESCE(kind, 'sla') FROM alerts "
                        + "ORDER BY sent_at DESC, dataset, channel LIMIT ?")
                .param(limit)
                .query((r, i) -> new Alert(
                        r.getString(1),
                        r.getDate(2).toLocalDate(),
                        r.getString(3),
                        Sql.instant(r, 4),
                        r.getString(5),
                        r.getString(6),
                        r.getString(7),
                        Sql.instant(r, 8),
                        Sql.instant(r, 9),
                        r.getString(10)))
                .list());
    }

    /**
     * Marks resolved, now, the open SLA alerts whose dataset is no longer missing or failed on its date (a late file
     * came and a run loaded it), so the list shows the late file arrived instead of a stale alarm. A date whose run is
     * going is left until it has ended.
     */
    private void resolveArrived(Instant now) {
        List<Map.Entry<String, LocalDate>> open = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT DISTINCT dataset, business_date FROM alerts WHERE resolved_at IS NULL "
                        + "AND COALESCE(kind, 'sla') = 'sla' AND business_date >= ? ORDER BY business_date, dataset")
                .param(Sql.date(LocalDate.ofInstant(now, clock.getZone()).minusDays(RESOLVE_DAYS)))
                .query((r, i) -> Map.entry(r.getString(1), r.getDate(2).toLocalDate()))
                .list());
        Map<LocalDate, List<String>> stillIncomplete = new HashMap<>();
        for (Map.Entry<String, LocalDate> alert : open) {
            LocalDate date = alert.getValue();
            if (runGoing(date)) {
                continue;
            }
            List<String> incomplete = stillIncomplete.computeIfAbsent(
                    date,
                    d -> arrivals.status(d).incomplete().stream()
                            .map(Completeness.DatasetArrival::dataset)
                            .toList());
            if (incomplete.contains(alert.getKey())) {
                continue;
            }
            warehouse.inTransaction(c -> Sql.on(c)
                    .sql("UPDATE alerts SET resolved_at = ? WHERE dataset = ? AND business_date = ? "
                            + "AND resolved_at IS NULL AND COALESCE(kind, 'sla') = 'sla'")
                    .param(Sql.instant(now))
                    .param(Sql.text(alert.getKey()))
                    .param(Sql.date(date))
                    .update());
            log.info("SLA alert for {} {} resolved: the data arrived", alert.getKey(), date);
        }
    }

    /**
     * Tells each channel that delivered an alert that it is resolved (the late data came, or a rule took the day off):
     * whoever acted on "sales missing" is told it is over, once per alert and channel. A failed delivery is recorded
     * and retried at the next check, as the alerts are.
     */
    private void announceResolved(Instant now) {
        List<Alert> resolved = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT dataset, business_date, channel, deadline, sent_at, resolved_at FROM alerts "
                        + "WHERE resolved_at IS NOT NULL AND resolution_sent_at IS NULL AND status = 'sent' "
                        + "AND COALESCE(kind, 'sla') = 'sla' AND business_date >= ? ORDER BY business_date, dataset")
                .param(Sql.date(LocalDate.ofInstant(now, clock.getZone()).minusDays(RESOLVE_DAYS)))
                .query((r, i) -> new Alert(
                        r.getString(1),
                        r.getDate(2).toLocalDate(),
                        r.getString(3),
                        Sql.instant(r, 4),
                        "sent",
                        null,
                        null,
                        Sql.instant(r, 5),
                        Sql.instant(r, 6),
                        "sla"))
                .list());
        for (Alert a : resolved) {
            AlertChannel channel = channels.stream()
                    .filter(ch -> ch.name().equals(a.channel()))
                    .findFirst()
                    .orElse(null);
            if (channel == null) {
                continue; // the channel is no longer configured: nobody to tell there
            }
            String subject = "[Stockroom] resolved: " + a.dataset() + " for " + a.businessDate() + " is complete";
            String text = a.dataset() + " for " + a.businessDate() + " was not complete at its deadline "
                    + a.deadline().atZone(clock.getZone()) + " (alert sent "
                    + a.sentAt().atZone(clock.getZone())
                    + "); it is complete since " + a.resolvedAt().atZone(clock.getZone())
                    + " (the late data was loaded, or a rule took the day off). Nothing more to send.";
            String error = null;
            try {
                channel.send(subject, text);
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn(
                        "Resolution of the SLA alert for {} {} over {} failed: {}",
                        a.dataset(),
                        a.businessDate(),
                        a.channel(),
                        error);
            }
            String failed = error;
            Instant told = failed == null ? Instant.now(clock) : null;
            warehouse.inTransaction(c -> Sql.on(c)
                    .sql("UPDATE alerts SET resolution_sent_at = ?, resolution_error = ? WHERE dataset = ? "
                            + "AND business_date = ? AND channel = ? AND COALESCE(kind, 'sla') = 'sla'")
                    .param(Sql.instant(told))
                    .param(Sql.text(failed))
                    .param(Sql.text(a.dataset()))
                    .param(Sql.date(a.businessDate()))
                    .param(Sql.text(a.channel()))
                    .update());
        }
    }

    /**
     * Whether a run of the date is going in a live process (after a restart at 08:55 the missed morning run may still be
     * loading the files at 09:00; the check must not tell the sender to send them).
     */
    /**
     * Records the completeness check of a date no run has checked (no run happened: nothing arrived, or the files wait
     * unloaded) once every deadline of its expected datasets has passed, as a run's check would have: the Quality
     * page's score and its "expected feeds that did not arrive" read the recorded checks, so a day past its deadline
     * with nothing loaded scores what arrived (0 when nothing did) instead of being left out as if nothing was due. A
     * run of the date later checks it again.
     */
    private void recordUnchecked(LocalDate d, Completeness c, ZonedDateTime now) {
        if (c.complete() || c.datasets().isEmpty()) {
            return;
        }
        for (Completeness.DatasetArrival a : c.datasets()) {
            if (now.isBefore(
                    d.plusDays(1).atTime(properties.deadlineOf(a.dataset())).atZone(clock.getZone()))) {
                return;
            }
        }
        long checked = warehouse.withConnection(cn -> Sql.on(cn)
                .sql("SELECT COUNT(*) FROM feed_arrivals WHERE business_date = ?")
                .param(Sql.date(d))
                .query(Long.class)
                .single());
        if (checked == 0) {
            arrivals.check(d, null);
        }
    }

    private boolean runGoing(LocalDate date) {
        List<Long> going = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT process_key FROM runs WHERE business_date = ? AND status = 'running'")
                .param(Sql.date(date))
                .query((r, i) -> {
                    long key = r.getLong(1);
                    return r.wasNull() ? null : key;
                })
                .list());
        return going.stream().anyMatch(warehouse::isAlive);
    }

    private boolean alreadySent(String dataset, LocalDate date, String channel) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT 1 FROM alerts WHERE dataset = ? AND business_date = ? AND channel = ? AND status = 'sent'")
                .param(Sql.text(dataset))
                .param(Sql.date(date))
                .param(Sql.text(channel))
                .query(ResultSet::next));
    }

    private void record(Alert a) {
        warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            jdbc.sql("DELETE FROM alerts WHERE dataset = ? AND business_date = ? AND channel = ?")
                    .param(Sql.text(a.dataset()))
                    .param(Sql.date(a.businessDate()))
                    .param(Sql.text(a.channel()))
                    .update();
            jdbc.sql("INSERT INTO alerts (dataset, business_date, channel, deadline, status, message, error, sent_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .param(Sql.text(a.dataset()))
                    .param(Sql.date(a.businessDate()))
                    .param(Sql.text(a.channel()))
                    .param(Sql.instant(a.deadline()))
                    .param(Sql.text(a.status()))
                    .param(Sql.text(a.message()))
                    .param(Sql.text(a.error()))
                    .param(Sql.instant(a.sentAt()))
                    .update();
            return null;
        });
    }
}
