package io.stockroom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package boundaries of ARCHITECTURE.md, checked rather than hoped for. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stockroom");

    @Test
    void onlyTheWarehouseTalksToAnEngineDriver() {
        noClasses().that().resideOutsideOfPackage("io.stockroom.warehouse..")
                .should().dependOnClassesThat().resideInAnyPackage("org.duckdb..", "org.postgresql..")
                .check(CLASSES);
    }

    @Test
    void featurePackagesDoNotDependOnTheEdges() {
        noClasses().that().resideInAnyPackage("io.stockroom.contract..", "io.stockroom.ingest..", "io.stockroom.quality..",
                        "io.stockroom.warehouse..", "io.stockroom.model..", "io.stockroom.replenish..", "io.stockroom.pipeline..",
                        "io.stockroom.demo..", "io.stockroom.metrics..", "io.stockroom.arrivals..", "io.stockroom.alerting..")
                .should().dependOnClassesThat().resideInAnyPackage("io.stockroom.api..", "io.stockroom.cli..")
                .check(CLASSES);
    }

    @Test
    void theEdgesDoNotOpenJdbcConnections() {
        noClasses().that().resideInAnyPackage("io.stockroom.api..", "io.stockroom.cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.DriverManager")
                .check(CLASSES);
    }

    @Test
    void controllersLiveInTheApiPackage() {
        classes().that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should().resideInAPackage("io.stockroom.api..")
                .check(CLASSES);
    }
}
