package dev.fleetdiff;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds DESIGN §4: each outside library in its one adapter package, the CLI thin, no package cycles. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetdiff");
    }

    /** A library may be used only by the packages listed. */
    private static ArchRule onlyIn(String library, String... packages) {
        return noClasses().that().resideOutsideOfPackages(packages)
                .should().dependOnClassesThat().resideInAPackage(library)
                .as(library + " is used only in " + String.join(", ", packages));
    }

    private static final List<ArchRule> ADAPTERS = List.of(
            onlyIn("net.schmizz..", "dev.fleetdiff.collect.ssh.."),
            onlyIn("com.hierynomus..", "dev.fleetdiff.collect.ssh.."),
            // Quartz's JDBC job store asks the schedule for connections through its own SPI.
            onlyIn("java.sql..", "dev.fleetdiff.store.jdbc..", "dev.fleetdiff.schedule.."),
            onlyIn("com.zaxxer..", "dev.fleetdiff.store.jdbc.."),
            onlyIn("org.sqlite..", "dev.fleetdiff.store.jdbc.."),
            onlyIn("jakarta.mail..", "dev.fleetdiff.notify.mail.."),
            onlyIn("org.quartz..", "dev.fleetdiff.schedule.."),
            onlyIn("org.yaml..", "dev.fleetdiff.config.."),
            onlyIn("com.github.difflib..", "dev.fleetdiff.compare.."),
            onlyIn("com.google.re2j..", "dev.fleetdiff.regex.."),
            onlyIn("picocli..", "dev.fleetdiff.cli.."),
            onlyIn("me.tongfei..", "dev.fleetdiff.cli.."),
            onlyIn("com.fasterxml.jackson..", "dev.fleetdiff.notify..", "dev.fleetdiff.cli..", "dev.fleetdiff.web.."),
            onlyIn("com.sun.net.httpserver..", "dev.fleetdiff.web.."),
            onlyIn("gg.jte..", "dev.fleetdiff.web..", "dev.fleetdiff.audit.html.."),
            onlyIn("io.prometheus..", "dev.fleetdiff.web.."),
            onlyIn("org.xml..", "dev.fleetdiff.rules.xml.."),
            onlyIn("javax.xml..", "dev.fleetdiff.rules.xml.."),
            onlyIn("ch.qos.logback..", "dev.fleetdiff.log.."));

    @Test
    void eachLibraryLivesInItsAdapter() {
        ADAPTERS.forEach(rule -> rule.check(classes));
    }

    @Test
    void everyAdapterRuleGuardsClassesThatExist() {
        for (String pkg : List.of("dev.fleetdiff.collect.ssh", "dev.fleetdiff.store.jdbc", "dev.fleetdiff.config",
                "dev.fleetdiff.compare", "dev.fleetdiff.regex", "dev.fleetdiff.cli", "dev.fleetdiff.notify",
                "dev.fleetdiff.log", "dev.fleetdiff.text", "dev.fleetdiff.web",
                "dev.fleetdiff.audit.html")) {
            assertThat(classes.stream().filter(c -> c.getPackageName().equals(pkg)))
                    .as("package %s has classes, so its rule matches something", pkg).isNotEmpty();
        }
    }

    @Test
    void onlyTheAppBuildsAdapters() {
        noClasses().that().resideOutsideOfPackages("dev.fleetdiff.app..", "dev.fleetdiff.collect.ssh..",
                        "dev.fleetdiff.store.jdbc..", "dev.fleetdiff.notify.mail..", "dev.fleetdiff.schedule..",
                        "dev.fleetdiff.rules.xml..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetdiff.collect.ssh..",
                        "dev.fleetdiff.store.jdbc..", "dev.fleetdiff.notify.mail..")
                .check(classes);
    }

    @Test
    void pipelineStagesDoNotReachUpward() {
        noClasses().that().resideInAnyPackage("dev.fleetdiff.inventory..", "dev.fleetdiff.compare..",
                        "dev.fleetdiff.collect..", "dev.fleetdiff.store..", "dev.fleetdiff.rules..",
                        "dev.fleetdiff.notify..", "dev.fleetdiff.config..", "dev.fleetdiff.schedule..",
                        "dev.fleetdiff.text..", "dev.fleetdiff.log..", "dev.fleetdiff.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetdiff.app..", "dev.fleetdiff.cli..",
                        "dev.fleetdiff.web..")
                .check(classes);
    }

    /** The web view sits beside the CLI: the app and the stages never reach it, and it never reaches the CLI. */
    @Test
    void onlyTheCliStartsTheWebView() {
        noClasses().that().resideOutsideOfPackages("dev.fleetdiff.web..", "dev.fleetdiff.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.fleetdiff.web..").check(classes);
        noClasses().that().resideInAPackage("dev.fleetdiff.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.fleetdiff.cli..").check(classes);
    }

    /** The codec and the sanitizer are used by every stage, so they depend on nothing but the JDK. */
    @Test
    void textUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("dev.fleetdiff.text..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.fleetdiff.text..", "java..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.fleetdiff.(*)..").should().beFreeOfCycles().check(classes);
    }
}
