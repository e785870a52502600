package io.stockroom.replenish;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** R: the days from the business date to the supplier's next order day (strictly after it), from order_days like 'MON,THU'. */
record ReviewPeriod(int days, String source) {

    static ReviewPeriod of(String orderDays, LocalDate businessDate, int defaultDays) {
        Set<DayOfWeek> days = parse(orderDays);
        if (days.isEmpty()) {
            return new ReviewPeriod(defaultDays, "default");
        }
        int best = 7;
        for (DayOfWeek day : days) {
            int ahead =
                    Math.floorMod(day.getValue() - businessDate.getDayOfWeek().getValue(), 7);
            best = Math.min(best, ahead == 0 ? 7 : ahead);
        }
        StringBuilder listed = new StringBuilder();
        for (DayOfWeek day : days) {
            listed.append(listed.isEmpty() ? "" : ",").append(day.name(), 0, 3);
        }
        return new ReviewPeriod(
                best,
                "order days " + listed + ", next "
                        + businessDate.plusDays(best).getDayOfWeek().name().substring(0, 3));
    }

    static Set<DayOfWeek> parse(String orderDays) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        if (orderDays == null) {
            return out;
        }
        for (String token : orderDays.toUpperCase(Locale.ROOT).split("[\\s,;/]+")) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (!token.isEmpty() && d.name().startsWith(token) && token.length() >= 3) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
