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
        noClasses()
                .that()
                .resideOutsideOfPackage("io.stockroom.warehouse..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.duckdb..", "org.postgresql..")
                .check(CLASSES);
    }

    @Test
    void featurePackagesDoNotDependOnTheEdges() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.stockroom.contract..",
                        "io.stockroom.ingest..",
                        "io.stockroom.quality..",
                        "io.stockroom.warehouse..",
                        "io.stockroom.model..",
                        "io.stockroom.replenish..",
                        "io.stockroom.pipeline..",
                        "io.stockroom.demo..",
                        "io.stockroom.metrics..",
                        "io.stockroom.arrivals..",
                        "io.stockroom.alerting..",
                        "io.stockroom.online..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stockroom.api..", "io.stockroom.cli..")
                .check(CLASSES);
    }

    @Test
    void theEdgesDoNotOpenJdbcConnections() {
        noClasses()
                .that()
                .resideInAnyPackage("io.stockroom.api..", "io.stockroom.cli..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.sql.DriverManager")
                .check(CLASSES);
    }

    /**
     * Issue #10: one data-access style. Statements go through Spring JDBC (JdbcClient, or JdbcTemplate for batches, on
     * warehouse.Sql's single-connection data source); only the engine's own code prepares statements by hand: the
     * PostgreSQL advisory locks and COPY rejects, the schema migrator, and the lake's queries on its Trino connection.
     */
    @Test
    void onlyTheEngineClassesPrepareStatementsThemselves() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.stockroom.warehouse.PostgresConnections")
                .and()
                .doNotHaveFullyQualifiedName("io.stockroom.warehouse.PostgresDialect")
                .and()
                .doNotHaveFullyQualifiedName("io.stockroom.warehouse.SchemaMigrator")
                .and()
                .doNotHaveFullyQualifiedName("io.stockroom.warehouse.Lake")
                .should()
                .callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("prepareStatement"))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                                                java.sql.Connection.class)))))
                .because("data access goes through Spring's JdbcClient (issue #10)")
                .check(CLASSES);
    }

    @Test
    void controllersLiveInTheApiPackage() {
        classes()
                .that()
                .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .should()
                .resideInAPackage("io.stockroom.api..")
                .check(CLASSES);
    }

    /** The acting user comes from the authenticated principal only: no request body or parameter may name one. */
    @Test
    void noRequestNamesTheActingUser() {
        java.util.Set<String> forbidden = java.util.Set.of(
                "user",
                "username",
                "approver",
                "actor",
                "reviewer",
                "decided_by",
                "decidedBy",
                "overridden_by",
                "overriddenBy",
                "created_by",
                "createdBy");
        java.util.List<String> offenders = new java.util.ArrayList<>();
        for (var c : CLASSES) {
            if (!c.isAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)) {
                continue;
            }
            for (var m : c.getMethods()) {
                for (var p : m.getParameters()) {
                    if (p.isAnnotatedWith(org.springframework.web.bind.annotation.RequestBody.class)) {
                        for (var f : p.getRawType().getAllFields()) {
                            if (forbidden.contains(f.getName())) {
                                offenders.add(m.getFullName() + " body field " + f.getName());
                            }
                        }
                    }
                    for (Class<? extends java.lang.annotation.Annotation> a : java.util.List.of(
                            org.springframework.web.bind.annotation.RequestParam.class,
                            org.springframework.web.bind.annotation.RequestHeader.class)) {
                        if (p.isAnnotatedWith(a)) {
                            var ann = p.getAnnotationOfType(a);
                            String name = ann instanceof org.springframework.web.bind.annotation.RequestParam rp
                                    ? rp.name() + rp.value()
                                    : ((org.springframework.web.bind.annotation.RequestHeader) ann).name()
                                            + ((org.springframework.web.bind.annotation.RequestHeader) ann).value();
                            if (forbidden.contains(name)) {
                                offenders.add(m.getFullName() + " parameter " + name);
                            }
                        }
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(offenders)
                .as("requests that name the acting user (use CurrentActor)")
                .isEmpty();
    }

    @Test
    void theActingUserIsOnlyReadThroughCurrentActor() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.stockroom.security..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.security.core.context.SecurityContextHolder")
                .check(CLASSES);
    }

    /** Issue #9: one audit log written through one component, so every row carries actor, role, IP and outcome. */
    @Test
    void onlyTheAuditTrailWritesTheAuditLog() throws java.io.IOException {
        java.util.regex.Pattern write =
                java.util.regex.Pattern.compile("(?i)(insert\\s+into|update|delete\\s+from)\\s+audit_log\\b");
        java.util.List<String> offenders = new java.util.ArrayList<>();
        for (String root : java.util.List.of("src/main/java", "src/main/resources")) {
            try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(root))) {
                for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile)
                        .filter(f ->
                                f.toString().endsWith(".java") || f.toString().endsWith(".sql"))
                        .toList()) {
                    if (f.toString().contains("db/migration")
                            || f.endsWith("AuditTrail.java")
                            || f.endsWith("AuditRetention.java")) {
                        continue; // the schema itself; the one writer; retention (deletes old rows, itself audited)
                    }
                    if (write.matcher(java.nio.file.Files.readString(f)).find()) {
                        offenders.add(f.toString());
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(offenders)
                .as("code writing audit_log without security.AuditTrail")
                .isEmpty();
    }
}
