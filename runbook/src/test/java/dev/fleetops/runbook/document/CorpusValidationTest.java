package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS-owned documents of the shared corpus ({@code ../shared/corpus/ssm-public-documents} next to the
 * repository): AWS accepts every one of them, so none may be reported invalid; those fleetops cannot run on the
 * simulator say exactly why. Skipped with a message when the corpus is absent, except in CI (environment
 * {@code CI} or {@code FLEETOPS_REQUIRE_CORPUS} set), where its absence fails.
 */
class CorpusValidationTest {

    private static final DocumentValidator SIMULATOR = new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR);
    private static Path corpus;

    @BeforeAll
    static void findCorpus() {
        corpus = repositoryRoot().resolve("../shared/corpus/ssm-public-documents").normalize();
        if (Files.isDirectory(corpus)) return;
        String message = "the SSM document corpus is not at " + corpus;
        if (System.getenv("CI") != null || System.getenv("FLEETOPS_REQUIRE_CORPUS") != null) {
            throw new IllegalStateException(message + " (required: CI or FLEETOPS_REQUIRE_CORPUS is set)");
        }
        System.err.println("SKIPPED CorpusValidationTest: " + message);
        Assumptions.abort(message);
    }

    /** The directory of the parent pom: up from the module directory while the parent holds a pom.xml too. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve("pom.xml"))) dir = dir.getParent();
        return dir;
    }

    private static Validation validate(String name) {
        return SIMULATOR.validate(corpus.resolve(name + ".json"));
    }

    @Test
    void noAwsOwnedDocumentIsInvalidAndEachRefusalSaysWhy() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        List<String> withoutReason = new ArrayList<>();
        for (Path f : files) {
            Validation v = SIMULATOR.validate(f);
            counts.merge(v.status(), 1, Integer::sum);
            if (v instanceof Validation.Invalid i) i.errors().forEach(e -> invalid.add(e.toString()));
            if (v instanceof Validation.NotRunnable n) {
                if (n.reasons().isEmpty()) withoutReason.add(v.file());
                n.reasons().forEach(r -> reasons.merge(r.replaceAll(" in step \\w+", ""), 1, Integer::sum));
            }
        }
        System.out.println("corpus: " + files.size() + " documents " + counts);
        reasons.forEach((r, n) -> System.out.println("  " + n + " x " + r));
        invalid.forEach(e -> System.out.println("INVALID " + e));

        assertThat(files).hasSize(429);
        assertThat(invalid).as("AWS accepts every one of them").isEmpty();
        // Command documents of schemas 1.2 and 2.0 (AWS-RunShellScript...) run since they are read as 2.2: 63 -> 69
        // and aws:executeScript since its scripts reach the simulated region on the wire: 69 -> 172
        // and CloudWatch's metric alarms (the Resilience Hub tests' DescribeAlarms waits): 172 -> 188
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("valid", 188, "not-runnable", 241));
        assertThat(withoutReason).isEmpty();
    }

    /**
     * The control that makes the count above mean something: the same documents, each broken in one way AWS
     * refuses, are invalid (a validator that accepts everything fails here as well as on the counts).
     */
    @Test
    void corpusDocumentsBrokenOnPurposeAreInvalid() throws IOException {
        String restart = Files.readString(corpus.resolve("AWS-RestartEC2Instance.json"));
        Map<String, String> broken = Map.of(
                "unknown action", restart.replaceFirst("\"aws:changeInstanceState\"", "\"aws:changeInstanceStat\""),
                "no schemaVersion", restart.replaceFirst("\"schemaVersion\"", "\"schemaVersio\""),
                "unknown parameter", restart.replaceFirst("\\{\\{ ?InstanceId ?}}", "{{ InstanceIdentifier }}"),
                "unknown step field", restart.replaceFirst("\"name\"", "\"nam\""));
        broken.forEach((why, text) -> {
            assertThat(text).as(why + ": the mutation applies").isNotEqualTo(restart);
            assertThat(SIMULATOR.validate("AWS-RestartEC2Instance.json", text)).as(why).isInstanceOf(Validation.Invalid.class);
        });
        assertThat(SIMULATOR.validate("AWS-RestartEC2Instance.json", restart)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void theEc2DocumentsRunOnTheSimulator() {
        // two Automation documents and a Command document with aws:runShellScript
        for (String name : List.of("AWS-RestartEC2Instance", "AWS-StopEC2Instance", "AWS-ConfigureKernelLivePatching",
                "AWS-RunShellScript")) {
            assertThat(validate(name)).as(name).isInstanceOf(Validation.Valid.class);
        }
    }

    @Test
    void specificDocumentsAreRefusedForTheirOwnReasons() {
        assertThat(((Validation.NotRunnable) validate("AWS-ASGEnterStandby")).reasons())
                .contains("action aws:createStack does not run on the simulator: the simulator does not model CloudFormation");
        assertThat(((Validation.NotRunnable) validate("AWSSupport-TroubleshootOpenSearchHighCPU")).reasons())
                .contains("action aws:executeStateMachine does not run on the simulator: the simulator does not model Step Functions");
        assertThat(((Validation.NotRunnable) validate("AmazonCloudWatch-MigrateCloudWatchAgent")).reasons())
                .contains("plugin aws:cloudWatch does not run on the simulator: the simulator's agent runs only"
                        + " aws:runShellScript and aws:runPowerShellScript");
        assertThat(((Validation.NotRunnable) validate("AWS-InstanceRebootWithHooks")).reasons())
                .contains("plugin aws:runDocument does not run on the simulator: the simulator's agent runs only"
                        + " aws:runShellScript and aws:runPowerShellScript");
        assertThat(((Validation.NotRunnable) validate("AWSConformancePacks-AmazonSageMakerAISecurityAndGovernanceBestPractices"))
                .reasons()).singleElement().asString().startsWith("schemaVersion 1.0 (a CloudFormation-template document)");
        assertThat(((Validation.NotRunnable) validate("AWSPVDriver")).reasons()).singleElement().asString()
                .startsWith("schemaVersion 2.0 (a Distributor package document)");
    }
}
