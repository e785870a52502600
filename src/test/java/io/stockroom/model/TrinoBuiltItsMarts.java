package io.stockroom.model;

import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.time.Instant;

/**
 * What a Trino deployment whose Trino has refreshed its marts leaves in the warehouse, for tests that need no Trino: the
 * state rows of the models on Trino ({@code trino:<model>}, {@link LakeModels#NAMESPACE}) with this version's
 * definitions, refreshed now. A feed that loads after it is one Trino's marts have not taken in.
 */
public final class TrinoBuiltItsMarts {

    private TrinoBuiltItsMarts() {}

    public static void now(Warehouse warehouse) {
        ModelCatalog catalog = ModelCatalog.load(ModelCatalog.DEFAULT_LOCATION);
        warehouse.inTransaction(c -> {
            for (Model m : catalog.ordered()) {
                if (LakeModels.ON_TRINO.contains(m.name())) {
                    Sql.on(c)
                            .sql("DELETE FROM model_state WHERE model = ?")
                            .param(Sql.text(LakeModels.NAMESPACE + m.name()))
                            .update();
                    Sql.on(c)
                            .sql(
                                    "INSERT INTO model_state (model, definition_hash, last_scope, rows_written, refreshed_at)"
                                            + " VALUES (?, ?, 'all', 0, ?)")
                            .param(Sql.text(LakeModels.NAMESPACE + m.name()))
                            .param(Sql.text(m.definitionHash()))
                            .param(Sql.instant(Instant.now()))
                            .update();
                }
            }
            return null;
        });
    }

    /** As if the model file of {@code model} changed in this version after Trino built it from the previous one. */
    public static void fromAnOlderDefinition(Warehouse warehouse, String model) {
        warehouse.inTransaction(c -> Sql.on(c)
                .sql("UPDATE model_state SET definition_hash = 'the previous version' WHERE model = ?")
                .param(Sql.text(LakeModels.NAMESPACE + model))
                .update());
    }
}
