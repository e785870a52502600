package io.stockroom.replenish;

import java.time.LocalDate;

/**
 * Builds the simulator's test pairs: S1 × P1 in Dairy, class A, price 5, cost 2.5, case 1, no MOQ, lead time 2,
 * orders every day, no buyer rule, no observed lead-time spread and no promotion, one day of empty history. A test
 * names only what its example needs.
 */
final class SimPairs {

    static final String EVERY_DAY = "MON,TUE,WED,THU,FRI,SAT,SUN";

    private String sku = "P1";
    private char abcClass = 'A';
    private int casePack = 1;
    private int moq;
    private int leadDays = 2;
    private String orderDays = EVERY_DAY;
    private Integer presentationMin;
    private Double ruleSafetyStock;
    private Double ruleMin;
    private Double ruleMax;
    private Double ruleWeeks;
    private LocalDate ltoEnd;
    private double[] sold = new double[1];
    private double[] onHand = new double[1];
    private double[] onOrder = new double[1];
    private Double leadSpread;
    private boolean[] promotions;

    private SimPairs() {}

    static SimPairs pair() {
        return new SimPairs();
    }

    SimPairs sku(String value) {
        sku = value;
        return this;
    }

    SimPairs abcClass(char value) {
        abcClass = value;
        return this;
    }

    SimPairs casePack(int value) {
        casePack = value;
        return this;
    }

    SimPairs moq(int value) {
        moq = value;
        return this;
    }

    SimPairs leadDays(int value) {
        leadDays = value;
        return this;
    }

    SimPairs orderDays(String value) {
        orderDays = value;
        return this;
    }

    SimPairs presentationMin(Integer value) {
        presentationMin = value;
        return this;
    }

    SimPairs ruleSafetyStock(Double value) {
        ruleSafetyStock = value;
        return this;
    }

    SimPairs ruleMin(Double value) {
        ruleMin = value;
        return this;
    }

    SimPairs ruleMax(Double value) {
        ruleMax = value;
        return this;
    }

    SimPairs ruleWeeks(Double value) {
        ruleWeeks = value;
        return this;
    }

    SimPairs ltoEnd(LocalDate value) {
        ltoEnd = value;
        return this;
    }

    /** The daily history: units sold, end-of-day on hand and on order, each from the first day of the run. */
    SimPairs history(double[] soldByDay, double[] onHandByDay, double[] onOrderByDay) {
        sold = soldByDay;
        onHand = onHandByDay;
        onOrder = onOrderByDay;
        return this;
    }

    SimPairs leadSpread(Double days) {
        leadSpread = days;
        return this;
    }

    SimPairs promotions(boolean[] days) {
        promotions = days;
        return this;
    }

    SimPair build() {
        return new SimPair(
                "S1",
                sku,
                "Dairy",
                abcClass,
                5,
                2.5,
                casePack,
                moq,
                leadDays,
                orderDays,
                presentationMin,
                ruleSafetyStock,
                ruleMin,
                ruleMax,
                ruleWeeks,
                ltoEnd,
                sold,
                onHand,
                onOrder,
                leadSpread,
                promotions);
    }
}
