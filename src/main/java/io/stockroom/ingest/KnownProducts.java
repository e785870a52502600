package io.stockroom.ingest;

import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/** Which SKUs the warehouse knows already (placeholders count as unknown), so creating products never overwrites one. */
@Service
public class KnownProducts {

    private final Warehouse warehouse;

    public KnownProducts(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Set<String> existing(Collection<String> skus) {
        Set<String> out = new TreeSet<>();
        warehouse.withConnection(c -> {
            // one statement prepared once, executed per SKU
            Sql.template(c)
                    .execute("SELECT 1 FROM products WHERE sku = ? AND NOT is_placeholder", (PreparedStatement p) -> {
                        for (String sku : skus) {
                            p.setString(1, sku);
                            try (ResultSet r = p.executeQuery()) {
                                if (r.next()) {
                                    out.add(sku);
                                }
                            }
                        }
                        return null;
                    });
            return null;
        });
        return out;
    }
}
