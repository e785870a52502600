package io.stockroom.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What happens around the web shop's orders, exported as the shop's other systems do: the fulfilment system's shipment
 * events (a row when a parcel ships, another when it is delivered, lost or returned), the help desk's conversations,
 * the marketing spend and web sessions per channel, and at the end the customer master of the CRM. Its own random
 * streams, so the chain's other files stay byte-identical.
 */
final class OnlineOperations {

    static final String[] CARRIERS = {"Royal Mail", "DPD", "Evri", "DHL"};
    private static final double[] CARRIER_LATE = {0.06, 0.04, 0.14, 0.08};
    private static final String[] SPEND_CHANNELS = {"paid_search", "social", "email"};
    private static final String[] SESSION_CHANNELS = {"organic", "paid_search", "social", "email", "direct"};
    private static final double[] SESSION_SHARE = {0.38, 0.22, 0.15, 0.08, 0.17};
    private static final String[] SEGMENTS = {"Retail", "Trade", "VIP"};

    private final Chain chain;
    private final Rng rng;
    /** Shipments not finished yet, by the day of their next event. */
    private final List<Shipment> open = new ArrayList<>();
    /** Customer index → the day of the first order. */
    private final Map<Integer, Integer> firstOrderDay = new HashMap<>();

    private final Map<Integer, String> country = new HashMap<>();
    private int conversationSeq = 1;

    private static final class Shipment {
        final String orderId;
        final int promisedDay;
        final int shipDay;
        final int deliverDay;
        final int carrier;
        final String finalStatus; // delivered, lost, returned
        final String issue;
        final int shipSecond;
        final int deliverSecond;
        boolean shipped;

        Shipment(
                String orderId,
                int promisedDay,
                int shipDay,
                int deliverDay,
                int carrier,
                String finalStatus,
                String issue,
                int shipSecond,
                int deliverSecond) {
            this.orderId = orderId;
            this.promisedDay = promisedDay;
            this.shipDay = shipDay;
            this.deliverDay = deliverDay;
            this.carrier = carrier;
            this.finalStatus = finalStatus;
            this.issue = issue;
            this.shipSecond = shipSecond;
            this.deliverSecond = deliverSecond;
        }
    }

    OnlineOperations(Chain chain) {
        this.chain = chain;
        this.rng = Rng.derive(chain.spec.seed(), "online-operations");
    }

    /** Writes the day's shipment events, conversations, spend and sessions for the orders placed on {@code day}. */
    void writeDay(int day, List<OnlineShop.Line> placed, DropFolder drop) {
        LocalDate date = chain.date(day);
        List<String> orders = new ArrayList<>();
        Map<String, OnlineShop.Line> firstLine = new HashMap<>();
        for (OnlineShop.Line l : placed) {
            if (firstLine.putIfAbsent(l.orderId(), l) == null) {
                orders.add(l.orderId());
                if (l.customer() >= 0) {
                    firstOrderDay.putIfAbsent(l.customer(), day);
                    country.putIfAbsent(l.customer(), chain.countries[l.country()]);
                }
            }
        }
        for (String id : orders) {
            OnlineShop.Line l = firstLine.get(id);
            boolean abroad = l.country() != 0;
            boolean express = !abroad && rng.chance(0.2);
            int promised = day + (express ? 1 : abroad ? 6 : 3);
            int carrier = abroad ? 3 : express ? 1 : rng.chance(0.55) ? 0 : 2;
            boolean lateShip = rng.chance(0.05);
            int shipDay = day + (express ? 0 : rng.chance(0.7) ? 0 : 1) + (lateShip ? rng.between(2, 3) : 0);
            int transit = (express ? 1 : abroad ? rng.between(3, 5) : rng.between(1, 2))
                    + (rng.chance(CARRIER_LATE[carrier]) ? rng.between(2, 4) : 0);
            String status = "delivered";
            String issue = null;
            double u = rng.nextDouble();
            if (u < 0.01) {
                status = "lost";
                issue = "lost_in_transit";
                transit = 10;
            } else if (u < 0.03) {
                issue = "damaged";
            } else if (u < 0.045) {
                status = "returned";
                issue = "address_problem";
                transit += 3;
            } else if (lateShip) {
                issue = "stock_delay";
            }
            open.add(new Shipment(
                    id,
                    promised,
                    shipDay,
                    shipDay + transit,
                    carrier,
                    status,
                    issue,
                    rng.between(9 * 3600, 17 * 3600),
                    rng.between(8 * 3600, 20 * 3600)));
        }
        shipments(day, date, drop);
        conversations(day, date, orders, firstLine, drop);
        spendAndSessions(date, orders.size(), drop);
    }

    private void shipments(int day, LocalDate date, DropFolder drop) {
        CsvSink out = drop.open("shipments", date)
                .header(
                        "shipment_id",
                        "order_id",
                        "promised_date",
                        "shipped_at",
                        "delivered_at",
                        "carrier",
                        "status",
                        "issue_type");
        for (Iterator<Shipment> it = open.iterator(); it.hasNext(); ) {
            Shipment s = it.next();
            if (!s.shipped && s.shipDay == day) {
                s.shipped = true;
                row(out, s, "shipped", false, null);
            }
            if (s.deliverDay == day) {
                boolean delivered = s.finalStatus.equals("delivered");
                row(out, s, s.finalStatus, delivered, s.issue);
                it.remove();
            } else if (!s.shipped && day == s.promisedDay && s.shipDay > day) {
                row(out, s, "pending", false, s.issue); // the promise passes before the parcel leaves
            }
        }
        drop.done("shipments", out);
    }

    private void row(CsvSink out, Shipment s, String status, boolean delivered, String issue) {
        out.text("SH" + s.orderId)
                .text(s.orderId)
                .text(chain.date(s.promisedDay).toString())
                .text(s.shipped ? stamp(s.shipDay, s.shipSecond) : null)
                .text(delivered ? stamp(s.deliverDay, s.deliverSecond) : null)
                .text(CARRIERS[s.carrier])
                .text(status)
                .text(issue)
                .endRow();
    }

    private void conversations(
            int day, LocalDate date, List<String> orders, Map<String, OnlineShop.Line> firstLine, DropFolder drop) {
        CsvSink out = drop.open("support_conversations", date)
                .header(
                        "conversation_id",
                        "customer_id",
                        "order_id",
                        "opened_at",
                        "first_response_at",
                        "resolved_at",
                        "priority",
                        "channel",
                        "sentiment",
                        "escalated",
                        "agent");
        int n = rng.poisson(1.5 + orders.size() * 0.05);
        String[] agents = {"Amara", "Ben", "Chloe", "Dev", "Elif"};
        for (int i = 0; i < n; i++) {
            String order = orders.isEmpty() || rng.chance(0.25) ? null : orders.get(rng.nextInt(orders.size()));
            OnlineShop.Line l = order == null ? null : firstLine.get(order);
            int opened = rng.between(7 * 3600, 22 * 3600);
            String priority =
                    rng.chance(0.08) ? "urgent" : rng.chance(0.2) ? "high" : rng.chance(0.25) ? "low" : "normal";
            // minutes to the first answer: most inside the two-hour SLA, a long tail outside it
            int firstMinutes =
                    (int) Math.max(2, Math.round(rng.logNormal(Math.log(priority.equals("urgent") ? 25 : 55), 0.9)));
            boolean escalated = rng.chance(priority.equals("urgent") ? 0.4 : 0.08);
            int resolveMinutes = firstMinutes + (int) Math.round(rng.logNormal(Math.log(escalated ? 1_800 : 360), 0.8));
            String sentiment = escalated
                    ? (rng.chance(0.6) ? "negative" : "neutral")
                    : rng.chance(0.55) ? "positive" : rng.chance(0.6) ? "neutral" : "negative";
            long openedAt = day * 86_400L + opened;
            long end = chain.days * 86_400L;
            long first = openedAt + firstMinutes * 60L;
            long resolved = openedAt + resolveMinutes * 60L;
            out.text("CV" + (100_000 + conversationSeq++))
                    .text(l == null || l.customer() < 0 ? null : OnlineShop.customerId(l.customer()))
                    .text(order)
                    .text(stamp(openedAt))
                    .text(first < end ? stamp(first) : null)
                    .text(resolved < end ? stamp(resolved) : null)
                    .text(priority)
                    .text(rng.chance(0.5) ? "email" : rng.chance(0.6) ? "chat" : "phone")
                    .text(sentiment)
                    .text(escalated ? "true" : "false")
                    .text(agents[rng.nextInt(agents.length)])
                    .endRow();
        }
        drop.done("support_conversations", out);
    }

    private void spendAndSessions(LocalDate date, int orders, DropFolder drop) {
        CsvSink spend = drop.open("marketing_spend", date).header("business_date", "channel", "spend");
        for (String channel : SPEND_CHANNELS) {
            double base = channel.equals("paid_search") ? 180 : channel.equals("social") ? 120 : 25;
            spend.text(date.toString())
                    .text(channel)
                    .hundredths(Math.round(base * rng.logNormal(0, 0.2) * 100))
                    .endRow();
        }
        drop.done("marketing_spend", spend);
        CsvSink sessions = drop.open("web_sessions", date).header("business_date", "channel", "sessions", "visitors");
        double total = Math.max(200, orders / rng.between(0.018, 0.03));
        for (int i = 0; i < SESSION_CHANNELS.length; i++) {
            long n = Math.round(total * SESSION_SHARE[i] * rng.logNormal(0, 0.1));
            sessions.text(date.toString())
                    .text(SESSION_CHANNELS[i])
                    .integer(n)
                    .integer(Math.round(n * rng.between(0.7, 0.85)))
                    .endRow();
        }
        drop.done("web_sessions", sessions);
    }

    /**
     * The CRM's customer master, sent with the last day: every customer who ordered, registered on or before the first
     * order, with a segment (VIP for the most frequent buyers) and country. E-mails are of the reserved example.com domain.
     */
    void writeCustomers(LocalDate date, DropFolder drop) {
        CsvSink out = drop.open("customers", date)
                .header("customer_id", "email", "name", "registered_on", "segment", "country");
        Rng r = Rng.derive(chain.spec.seed(), "customers");
        firstOrderDay.keySet().stream().sorted().forEach(c -> {
            int registered = firstOrderDay.get(c) - (r.chance(0.4) ? r.between(1, 400) : 0);
            String segment = c < 40 ? SEGMENTS[2] : r.chance(0.12) ? SEGMENTS[1] : SEGMENTS[0];
            out.text(OnlineShop.customerId(c))
                    .text("customer" + OnlineShop.customerId(c) + "@example.com")
                    .text("Customer " + OnlineShop.customerId(c))
                    .text(chain.date(registered).toString())
                    .text(segment)
                    .text(country.get(c))
                    .endRow();
        });
        drop.done("customers", out);
    }

    private String stamp(int day, int second) {
        return stamp(day * 86_400L + second);
    }

    private String stamp(long secondOfHistory) {
        int day = (int) Math.floorDiv(secondOfHistory, 86_400L);
        int s = (int) Math.floorMod(secondOfHistory, 86_400L);
        return chain.date(day) + " " + two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
