package dev.fleetops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout as tests: no package cycles anywhere, and each module reaches only the modules below it (kernel at the
 * bottom; sim beside the capabilities, never used by them outside tests; cli and bench on top). See
 * docs/design.md, "Modules".
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetops");
        // Guard against a silent pass: the importer must see every module's classes.
        assertThat(main.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.fleetops.time", "dev.fleetops.sim", "dev.fleetops.waiters", "dev.fleetops.runbook.engine",
                        "dev.fleetops.events", "dev.fleetops.reconcile", "dev.fleetops.cli", "dev.fleetops.bench",
                        "dev.fleetops.lambda");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.fleetops.(**)").should().beFreeOfCycles().check(main);
    }

    private static final String[] KERNEL = {"dev.fleetops.time..", "dev.fleetops.json..", "dev.fleetops.source..",
            "dev.fleetops.cloud..", "dev.fleetops.execution..", "dev.fleetops.observe..", "dev.fleetops.retry..",
            "dev.fleetops.journal..", "dev.fleetops.files.."};

    @Test
    void theKernelDependsOnNoCapability() {
        ArchRule rule = noClasses().that().resideInAnyPackage(KERNEL)
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.sim..", "dev.fleetops.waiters..",
                        "dev.fleetops.runbook..", "dev.fleetops.windows..", "dev.fleetops.events..",
                        "dev.fleetops.handlers..", "dev.fleetops.reconcile..", "dev.fleetops.cli..",
                        "dev.fleetops.bench..", "dev.fleetops.lambda..");
        rule.check(main);
    }

    @Test
    void capabilitiesNeverUseTheSimulatorOrEachOther() {
        // Capabilities see the cloud only through the SDK interfaces; the simulator is a test dependency for them.
        noClasses().that().resideInAnyPackage("dev.fleetops.waiters..", "dev.fleetops.runbook..",
                        "dev.fleetops.windows..", "dev.fleetops.events..", "dev.fleetops.handlers..",
                        "dev.fleetops.reconcile..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.sim..", "dev.fleetops.cli..",
                        "dev.fleetops.bench..", "dev.fleetops.lambda..")
                .check(main);
        noClasses().that().resideInAnyPackage("dev.fleetops.runbook..", "dev.fleetops.windows..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.events..", "dev.fleetops.handlers..",
                        "dev.fleetops.reconcile..")
                .check(main);
        noClasses().that().resideInAnyPackage("dev.fleetops.events..", "dev.fleetops.handlers..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.runbook..", "dev.fleetops.windows..",
                        "dev.fleetops.reconcile..")
                .check(main);
        noClasses().that().resideInAnyPackage("dev.fleetops.reconcile..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.runbook..", "dev.fleetops.windows..",
                        "dev.fleetops.events..", "dev.fleetops.handlers..")
                .check(main);
    }

    @Test
    void theSimulatorStandsOnTheKernelOnly() {
        noClasses().that().resideInAPackage("dev.fleetops.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleetops.waiters..", "dev.fleetops.runbook..",
                        "dev.fleetops.windows..", "dev.fleetops.events..", "dev.fleetops.handlers..",
                        "dev.fleetops.reconcile..", "dev.fleetops.cli..", "dev.fleetops.bench..", "dev.fleetops.lambda..")
                .check(main);
    }

    @Test
    void onlyTheBenchmarksUseJmh() {
        noClasses().that().resideOutsideOfPackage("dev.fleetops.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("org.openjdk.jmh..", "org.elasticmq..")
                .check(main);
    }
}
