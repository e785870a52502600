package io.stockroom.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One SQL model: a SELECT whose rows become the table of the same name.
 *
 * @param name            model and table name
 * @param description     one line for docs and logs
 * @param dependsOn       models and source tables it reads
 * @param grain           the columns that identify a row
 * @param materialization full or incremental by a date column
 * @param dialect         the engine the SQL is written for, or null when portable
 * @param checks          its tests
 * @param indexes         the indexes its table needs on the engines that use them
 * @param sql             the SELECT, with :from_date and :to_date for incremental models
 * @param definitionHash  hash of the file but its indexes line: a changed file rebuilds the table
 */
record Model(
        String name,
        String description,
        List<String> dependsOn,
        List<String> grain,
        Materialization materialization,
        String dialect,
        List<ModelCheck> checks,
        List<ModelIndex> indexes,
        String sql,
        String definitionHash) {

    Model {
        requireNonNull(name, "name is null");
        requireNonNull(materialization, "materialization is null");
        requireNonNull(sql, "sql is null");
        dependsOn = List.copyOf(dependsOn);
        grain = List.copyOf(grain);
        checks = List.copyOf(checks);
        indexes = List.copyOf(indexes);
    }
}
