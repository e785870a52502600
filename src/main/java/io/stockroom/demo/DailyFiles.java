package io.stockroom.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * One business day's fact files, written as the POS, stock and workforce systems export them, with the day's
 * planted problems slipped in (see {@link PlantPlan}): the simulation decides the numbers, this decides the bytes.
 */
final class DailyFiles {

    private static final String[] SPELLED = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    };
    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final Chain chain;
    private final DropFolder drop;
    private final PlantPlan plan;
    private final LocalDate date;
    private final byte[] dateBytes;
    private final boolean missingTotalSales;
    private final boolean slashDates;
    private final CsvSink sales;
    private final CsvSink inventory;
    private final CsvSink labour;
    private final CsvSink orders;
    private final CsvSink receipts;

    // each planted row goes into the first eligible row of the plan's store (or a later store)
    private boolean plantUnknownSku;
    private boolean plantTextUnits;
    private boolean plantDuplicate;
    private boolean plantNegativeOnOrder;

    DailyFiles(Chain chain, DropFolder drop, PlantPlan plan, int day) {
        this.chain = chain;
        this.drop = drop;
        this.plan = plan;
        this.date = chain.date(day);
        this.dateBytes = Chain.ascii(date.toString());
        this.missingTotalSales = day == plan.missingColumnDay;
        this.slashDates = day == plan.slashDateDay;
        plantUnknownSku = day == plan.unknownSkuDay;
        plantTextUnits = day == plan.textUnitsDay;
        plantDuplicate = day == plan.duplicateDay;
        plantNegativeOnOrder = day == plan.negativeOnOrderDay;
        sales = missingTotalSales
                ? drop.open("sales", date)
                        .header("store_id", "sku", "business_date", "units_sold", "discount", "transactions")
                : drop.open("sales", date)
                        .header(
                                "store_id",
                                "sku",
                                "business_date",
                                "units_sold",
                                "total_sales",
                                "discount",
                                "transactions");
        if (missingTotalSales) {
            plan.add("sales " + date + " (whole file): the POS export lacks the required column total_sales"
                    + " (MISSING_REQUIRED_COLUMN, the feed fails and loads nothing)");
        }
        inventory = drop.open("inventory", date).header("store_id", "sku", "business_date", "on_hand", "on_order");
        labour = drop.open("labour", date).header("store_id", "business_date", "hours", "labour_cost");
        if (slashDates) {
            plan.add("labour " + date + " (whole file): business_date written as dd/mm/yyyy (" + date.format(UK_DATE)
                    + ") by a workforce system with UK settings; still parseable, must load as " + date);
        }
        orders = drop.open("orders", date)
                .header(
                        "order_id",
                        "ordered_at",
                        "customer_id",
                        "sku",
                        "description",
                        "quantity",
                        "unit_price",
                        "country");
        receipts = drop.open("receipts", date)
                .header(
                        "po_id",
                        "sku",
                        "store_id",
                        "supplier_id",
                        "ordered_date",
                        "promised_date",
                        "received_date",
                        "quantity_ordered",
                        "quantity_received");
    }

    /** A POS line: units (negative for a return), net total and discount in pence. */
    void sale(int s, int k, int units, long totalPence, long discountPence, int transactions) {
        boolean planted = s >= plan.store;
        if (planted && plantTextUnits && units > 0 && units < SPELLED.length) {
            plantTextUnits = false;
            plan.add("sales " + date + " line " + sales.nextLine() + ": units_sold is text '" + SPELLED[units]
                    + "' for store " + chain.storeId[s] + " SKU " + chain.sku[k] + " (a type error, quarantined)");
            sales.ascii(chain.storeIdBytes[s])
                    .ascii(chain.skuBytes[k])
                    .ascii(dateBytes)
                    .text(SPELLED[units]);
            salesTail(totalPence, discountPence, transactions);
        } else {
            salesRow(chain.storeIdBytes[s], chain.skuBytes[k], units, totalPence, discountPence, transactions);
        }
        if (planted && plantDuplicate && units > 0) {
            plantDuplicate = false;
            plan.add("sales " + date + " line " + sales.nextLine() + ": exact duplicate of the previous row (store "
                    + chain.storeId[s] + ", SKU " + chain.sku[k] + "), a duplicate key (quarantined)");
            salesRow(chain.storeIdBytes[s], chain.skuBytes[k], units, totalPence, discountPence, transactions);
        }
    }

    /**
     * The store's baskets of the day: a store-level POS row (no SKU, no units or sales) whose transactions are the day's
     * receipts, the count the item lines' per-item transactions cannot be added up into (docs/metrics.md).
     */
    void baskets(int s, long baskets) {
        if (baskets > 0) {
            salesRow(chain.storeIdBytes[s], new byte[0], 0, 0, 0, (int) baskets);
        }
    }

    /** The end-of-day stock of one store × SKU. */
    void snapshot(int s, int k, int onHand, int onOrder) {
        inventory
                .ascii(chain.storeIdBytes[s])
                .ascii(chain.skuBytes[k])
                .ascii(dateBytes)
                .integer(onHand);
        if (plantNegativeOnOrder && onOrder > 0 && s >= plan.store) {
            plantNegativeOnOrder = false;
            plan.add("inventory " + date + " line " + inventory.nextLine() + ": on_order -" + onOrder + " for store "
                    + chain.storeId[s] + " SKU " + chain.sku[k] + " (NEGATIVE_ON_ORDER, quarantined)");
            inventory.integer(-onOrder).endRow();
        } else {
            inventory.integer(onOrder).endRow();
        }
    }

    /** After a store's lines: its labour row (hours in hundredths, cost in pence). */
    void storeDone(int s, long hoursHundredths, long costPence) {
        if (plantUnknownSku && s == plan.store) {
            plantUnknownSku = false;
            int k = mostPopular();
            String typo = chain.sku[k] + chain.sku[k].charAt(chain.sku[k].length() - 1);
            plan.add("sales " + date + " line " + sales.nextLine() + ": unknown SKU " + typo + " at store "
                    + chain.storeId[s] + " (a mistyped " + chain.sku[k] + "; UNKNOWN_SKU, quarantined)");
            salesRow(chain.storeIdBytes[s], Chain.ascii(typo), 2, 2L * chain.pricePence[k], 0, 2);
        }
        labour.ascii(chain.storeIdBytes[s]);
        if (slashDates) {
            labour.text(date.format(UK_DATE));
        } else {
            labour.ascii(dateBytes);
        }
        labour.hundredths(hoursHundredths).hundredths(costPence).endRow();
    }

    /** A supplier delivery received this morning: one line of the PO the chain placed on {@code orderedDay}. */
    void receipt(int s, int k, int orderedDay, int promisedDay, int ordered, int received) {
        String supplier = chain.supplierId[chain.skuSupplier[k]];
        receipts.text("PO" + chain.date(orderedDay).toString().replace("-", "") + "-" + supplier + "-"
                        + chain.storeId[s])
                .ascii(chain.skuBytes[k])
                .ascii(chain.storeIdBytes[s])
                .text(supplier)
                .text(chain.date(orderedDay).toString())
                .text(chain.date(promisedDay).toString())
                .ascii(dateBytes)
                .integer(ordered)
                .integer(received)
                .endRow();
    }

    CsvSink orders() {
        return orders;
    }

    void close() {
        drop.done("sales", sales);
        drop.done("inventory", inventory);
        drop.done("labour", labour);
        drop.done("orders", orders);
        drop.done("receipts", receipts);
    }

    private void salesRow(byte[] store, byte[] sku, int units, long totalPence, long discountPence, int transactions) {
        sales.ascii(store).ascii(sku).ascii(dateBytes).integer(units);
        salesTail(totalPence, discountPence, transactions);
    }

    private void salesTail(long totalPence, long discountPence, int transactions) {
        if (!missingTotalSales) {
            sales.hundredths(totalPence);
        }
        sales.hundredths(discountPence).integer(transactions).endRow();
    }

    private int mostPopular() {
        int best = 0;
        for (int k = 1; k < chain.skus; k++) {
            if (chain.baseRate[k] > chain.baseRate[best]) {
                best = k;
            }
        }
        return best;
    }
}
