package io.stockroom.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes a realistic synthetic retail chain into a drop folder, as a POS and an ERP would export it:
 * master data in the first day's folder, then sales, inventory, labour and web orders for every day
 * (see docs/demo.md). The same {@link ChainSpec} writes byte-identical files.
 */
@Component
public final class ChainGenerator {

    public GeneratedChain generate(ChainSpec spec, Path dropDir) {
        requireNonNull(spec, "spec is null");
        requireNonNull(dropDir, "dropDir is null");
        Chain chain = new Chain(spec, Catalogue.load());
        DropFolder drop = new DropFolder(dropDir.toAbsolutePath().normalize());
        PlantPlan plan = new PlantPlan(chain);
        ShopFloor floor = new ShopFloor(chain);
        MasterFiles.writeAll(chain, drop);
        floor.writeMaster(drop);
        new Simulation(chain, drop, plan, floor).run();
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < chain.skus; k++) {
            if (chain.missingSupplierMapping[k]) {
                problems.add(
                        "supplier_products " + chain.firstDate + ": SKU " + chain.sku[k]
                                + " has no supplier mapping although it sells (NO_SUPPLIER exception expected in replenishment)");
            }
        }
        problems.addAll(plan.problems());
        return new GeneratedChain(drop.root(), spec.firstDate(), spec.endDate(), drop.rows(), drop.files(), problems);
    }
}
