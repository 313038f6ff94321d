package dev.fleetops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs built to exhaust a recursive walk: a clear error or a result, never a StackOverflowError (which would be
 * an "internal error" or a dead JVM thread).
 */
class DeepInputsTest {

    private static final int STEPS = 50_000;

    @TempDir
    Path dir;

    /** 50,000 steps, each the next one's predecessor: a path 50,000 deep for the graph checks. */
    private Path longChain(String name, int steps) throws IOException {
        StringBuilder b = new StringBuilder("schemaVersion: \"0.3\"\nmainSteps:\n");
        for (int i = 0; i < steps; i++) {
            b.append("  - name: s").append(i).append("\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n");
            if (i + 1 < steps) b.append("    nextStep: s").append(i + 1).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    @Test
    void fiftyThousandStepsValidate() throws IOException {
        Path doc = longChain("Long.yaml", STEPS);
        CliRun r = CliRun.of("validate", doc.toString());
        assertThat(r.err()).doesNotContain("internal error").doesNotContain("StackOverflow");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("Long.yaml: valid");
    }

    /**
     * Run walks the chain without recursion too; 10,000 steps, not 50,000, because each step transition snapshots
     * the whole record (all steps) for the store, which is quadratic in the number of steps.
     */
    @Test
    void tenThousandStepsRun() throws IOException {
        Path doc = longChain("Long.yaml", 10_000);
        CliRun r = CliRun.of("run", doc.toString(), "--store", dir.resolve("store").toString(), "-o", "json");
        assertThat(r.err()).doesNotContain("internal error").doesNotContain("StackOverflow");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("s9999").contains("Success");
    }

    @Test
    void nestingTenThousandDeepIsAnErrorAtItsLine() throws IOException {
        StringBuilder b = new StringBuilder("schemaVersion: \"0.3\"\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs:\n      x: ");
        b.append("[".repeat(10_000)).append("]".repeat(10_000)).append('\n');
        Path yaml = Files.writeString(dir.resolve("Deep.yaml"), b);
        Path json = Files.writeString(dir.resolve("Deep.json"), "{\"schemaVersion\": \"0.3\", \"x\": "
                + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        for (Path p : new Path[]{yaml, json}) {
            CliRun r = CliRun.of("validate", p.toString());
            String all = r.out() + r.err();
            assertThat(r.exitCode()).as(all).isEqualTo(2);
            assertThat(all).contains(p.getFileName().toString()).contains("nested deeper than")
                    .doesNotContain("internal error").doesNotContain("\tat ");
        }
    }

    @Test
    void aliasBombIsAnError() throws IOException {
        // each level 9 aliases of the one before: 9^9 nodes if expanded
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            b.append("]\n");
        }
        for (String[] c : new String[][]{{"validate", "Bomb.yaml"}, {"apply", "Bomb.yaml"}, {"events", "handle", "../examples/events/spot-warning.json", "--rules", "Bomb.yaml"}}) {
            Path f = Files.writeString(dir.resolve("Bomb.yaml"), b);
            String[] args = c.clone();
            args[args.length - 1] = f.toString();
            CliRun r = CliRun.of(args);
            String all = r.out() + r.err();
            assertThat(r.exitCode()).as(all).isEqualTo(2);
            assertThat(all).contains("Bomb.yaml").doesNotContain("internal error").doesNotContain("\tat ");
        }
    }

    @Test
    void aRecursiveAliasIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("Loop.yaml"), "schemaVersion: \"0.3\"\nmainSteps: &s\n  - name: a\n    inputs: *s\n");
        CliRun r = CliRun.of("validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("Loop.yaml").contains("recursive alias").doesNotContain("\tat ");
    }
}
