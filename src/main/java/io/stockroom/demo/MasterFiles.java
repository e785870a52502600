package io.stockroom.demo;

import java.time.LocalDate;

/** The ERP's master-data exports: stores, products (with some ERP-style header aliases), suppliers, sourcing, rules. */
final class MasterFiles {

    private MasterFiles() {}

    static void writeAll(Chain chain, DropFolder drop) {
        LocalDate first = chain.date(0);
        stores(chain, drop, first);
        products(chain, drop, 0);
        suppliers(chain, drop, first);
        supplierProducts(chain, drop, first);
        replenishmentRules(chain, drop, first);
        costs(chain, drop, first);
    }

    /** Landed costs: each SKU's cost from the first day, and for about one in ten a new cost from a day in the history. */
    static void costs(Chain chain, DropFolder drop, LocalDate date) {
        Rng rng = Rng.derive(chain.spec.seed(), "costs");
        CsvSink out = drop.open("costs", date).header("sku", "valid_from", "unit_cost", "cost_type");
        for (int k = 0; k < chain.skus; k++) {
            out.ascii(chain.skuBytes[k])
                    .text(date.toString())
                    .hundredths(chain.costPence[k])
                    .text("landed")
                    .endRow();
            if (rng.chance(0.1) && chain.days > 2) {
                int from = rng.between(1, chain.days - 1);
                out.ascii(chain.skuBytes[k])
                        .text(chain.date(from).toString())
                        .hundredths(Math.round(chain.costPence[k] * rng.between(1.02, 1.08)))
                        .text("landed")
                        .endRow();
            }
        }
        drop.done("costs", out);
    }

    static void stores(Chain chain, DropFolder drop, LocalDate date) {
        CsvSink out = drop.open("stores", date).header("store_id", "name", "area", "region", "opened_on");
        for (int s = 0; s < chain.stores; s++) {
            out.ascii(chain.storeIdBytes[s])
                    .text(chain.storeName[s])
                    .text(chain.storeArea[s])
                    .text(chain.storeRegion[s])
                    .text(chain.storeOpened[s].toString())
                    .endRow();
        }
        drop.done("stores", out);
    }

    /** The full product master as it stands on {@code day} (struck flags set from the strike day on). */
    static void products(Chain chain, DropFolder drop, int day) {
        CsvSink out = drop.open("products", chain.date(day))
                .header(
                        "Item Number",
                        "Description",
                        "Dept",
                        "Category",
                        "Brand",
                        "Cost Price",
                        "Retail Price",
                        "DNR",
                        "LTO End Date",
                        "Struck",
                        "Presentation Min");
        for (int k = 0; k < chain.skus; k++) {
            int c = chain.skuCategory[k];
            out.ascii(chain.skuBytes[k])
                    .text(chain.skuName[k])
                    .text(chain.categoryDepartment[c])
                    .text(chain.categoryName[c])
                    .text(chain.skuBrand[k])
                    .hundredths(chain.costPence[k])
                    .hundredths(chain.pricePence[k])
                    .text(chain.doNotReorder[k] ? "Y" : "N")
                    .text(chain.ltoEndDay[k] == Chain.NEVER ? null : chain.dateText(chain.ltoEndDay[k]))
                    .text(chain.isStruckOn(k, day) ? "Y" : "N");
            if (chain.presentationMin[k] == Chain.NO_PRESENTATION_MIN) {
                out.empty();
            } else {
                out.integer(chain.presentationMin[k]);
            }
            out.endRow();
        }
        drop.done("products", out);
    }

    /** Days between two promotion calendars sent (the buyers' weekly plan). */
    static final int PROMOTIONS_EVERY = 7;

    /** Days ahead a promotion calendar covers (the forecast's horizon). */
    static final int PROMOTIONS_AHEAD = 35;

    /**
     * The promotion calendar as the buyers send it on {@code day}: every window (chain-wide, so no store) running on
     * or starting within {@link #PROMOTIONS_AHEAD} days after it, with its discount; none, no file. Sent weekly, so a
     * promotion is known four to five weeks ahead; the same window sent again replaces itself (upsert by key).
     */
    static void promotions(Chain chain, DropFolder drop, int day) {
        CsvSink out = null;
        for (int k = 0; k < chain.skus; k++) {
            for (int i = chain.promoFrom[k]; i < chain.promoFrom[k + 1]; i++) {
                if (chain.promoEnd[i] < day || chain.promoStart[i] > day + PROMOTIONS_AHEAD) {
                    continue;
                }
                if (out == null) {
                    out = drop.open("promotions", chain.date(day))
                            .header("sku", "store_id", "start_date", "end_date", "kind", "discount_percent");
                }
                out.ascii(chain.skuBytes[k])
                        .empty()
                        .text(chain.dateText(chain.promoStart[i]))
                        .text(chain.dateText(chain.promoEnd[i]))
                        .text("promotion")
                        .integer(chain.promoDiscountPercent[i])
                        .endRow();
            }
        }
        if (out != null) {
            drop.done("promotions", out);
        }
    }

    static void suppliers(Chain chain, DropFolder drop, LocalDate date) {
        CsvSink out = drop.open("suppliers", date)
                .header("supplier_id", "name", "lead_time_days", "order_days", "min_order_value");
        for (int v = 0; v < chain.suppliers; v++) {
            out.text(chain.supplierId[v])
                    .text(chain.supplierName[v])
                    .integer(chain.supplierLead[v])
                    .text(chain.supplierOrderDays[v])
                    .hundredths(chain.supplierMinOrderPence[v])
                    .endRow();
        }
        drop.done("suppliers", out);
    }

    static void supplierProducts(Chain chain, DropFolder drop, LocalDate date) {
        CsvSink out = drop.open("supplier_products", date)
                .header("sku", "supplier_id", "supplier_sku", "case_pack", "moq", "unit_cost", "lead_time_days");
        for (int k = 0; k < chain.skus; k++) {
            if (chain.missingSupplierMapping[k]) {
                continue;
            }
            int v = chain.skuSupplier[k];
            out.ascii(chain.skuBytes[k])
                    .text(chain.supplierId[v])
                    .text(initials(chain.supplierName[v]) + "-"
                            + (10_000 + (Rng.mix(chain.spec.seed() + k * 31L + v) >>> 1) % 90_000))
                    .integer(chain.casePack[k])
                    .integer(chain.moq[k])
                    .hundredths(chain.supplierCostPence[k]);
            if (chain.leadTimeOverride[k]) {
                out.integer(chain.leadTime[k]);
            } else {
                out.empty();
            }
            out.endRow();
        }
        drop.done("supplier_products", out);
    }

    /** Buyer overrides: a few chain-wide rules per SKU ('*') and a few for one store. */
    static void replenishmentRules(Chain chain, DropFolder drop, LocalDate date) {
        Rng rng = Rng.derive(chain.spec.seed(), "rules");
        CsvSink out = drop.open("replenishment_rules", date)
                .header("store_id", "sku", "safety_stock", "min_qty", "max_qty", "weeks_of_supply");
        double[] weeks = {1.5, 2, 3, 4, 6};
        for (int k = 0; k < chain.skus; k++) {
            boolean chainWide = rng.chance(0.03);
            int store = rng.chance(0.01) ? rng.nextInt(chain.stores) : -1;
            if (!chainWide && store < 0) {
                continue;
            }
            for (int pass = 0; pass < 2; pass++) {
                if ((pass == 0 && !chainWide) || (pass == 1 && store < 0)) {
                    continue;
                }
                double rate = chain.baseRate[k] * (pass == 1 ? chain.storeSize[store] : 1.0);
                out.text(pass == 0 ? "*" : chain.storeId[store]).ascii(chain.skuBytes[k]);
                switch (rng.nextInt(3)) {
                    case 0 ->
                        out.integer(Math.max(1, Math.round(rate * rng.between(2, 5))))
                                .empty()
                                .empty()
                                .empty();
                    case 1 -> {
                        long min = Math.max(2, Math.round(rate * 3));
                        out.empty()
                                .integer(min)
                                .integer(min + Math.max(chain.casePack[k], Math.round(rate * rng.between(14, 28))))
                                .empty();
                    }
                    default -> out.empty().empty().empty().text(trim(weeks[rng.nextInt(weeks.length)]));
                }
                out.endRow();
            }
        }
        drop.done("replenishment_rules", out);
    }

    /** "Northern Foods Distribution Ltd" → "NFD": how a supplier prefixes its own item numbers. */
    static String initials(String name) {
        StringBuilder b = new StringBuilder();
        for (String word : name.split(" ")) {
            if (!word.isEmpty() && Character.isUpperCase(word.charAt(0)) && !word.equals("Ltd") && !word.equals("Co")) {
                b.append(word.charAt(0));
            }
        }
        return b.isEmpty() ? "SUP" : b.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
