package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AWS-owned documents of the shared corpus: AWS accepts every one of them, so none may be reported invalid.
 * Prints the count per outcome and the not-runnable reasons.
 */
class CorpusValidationTest {

    private static final Path CORPUS = Path.of(System.getProperty("fleetops.corpus", "/work/shared/corpus/ssm-public-documents"));

    @Test
    void noAwsOwnedDocumentIsInvalid() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "corpus not present at " + CORPUS);
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        DocumentValidator simulator = new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path f : files) {
            Validation v = simulator.validate(f);
            counts.merge(v.status(), 1, Integer::sum);
            v.warnings().forEach(w -> warnings.add(w.toString()));
            if (v instanceof Validation.Invalid i) {
                i.errors().forEach(e -> invalid.add(e.toString()));
            }
            if (v instanceof Validation.NotRunnable n) {
                n.reasons().forEach(r -> reasons.merge(r.replaceAll(" in step \\w+", ""), 1, Integer::sum));
            }
        }
        System.out.println("corpus: " + files.size() + " documents " + counts);
        reasons.forEach((r, n) -> System.out.println("  " + n + " x " + r));
        invalid.forEach(e -> System.out.println("INVALID " + e));
        System.out.println(warnings.size() + " warnings (AWS accepts these at creation; the steps fail or ignore them when run):");
        warnings.forEach(w -> System.out.println("WARNING " + w));
        assertThat(files).hasSize(429);
        assertThat(invalid).isEmpty();
        assertThat(counts.keySet()).containsOnly("valid", "not-runnable");
    }
}
