package dev.fleetops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What a shell and `man` need, generated from the commands: completion, man pages, and -V as `aws --version`. */
class HelpToolsTest {

    @Test
    void versionNamesTheBuildAndTheRuntime() {
        CliRun r = CliRun.of("-V");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().trim()).matches("fleetops/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? Java/\\S+ \\S+/\\S+");
    }

    @Test
    void completionIsABashScriptThatKnowsTheCommandsAndOptions() throws Exception {
        CliRun r = CliRun.of("completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("first-ready").contains("--max-concurrency").contains("--query");
        Path script = Files.createTempFile("fleetops-completion", ".bash");
        Files.writeString(script, r.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void manWritesAPagePerCommandThatGroffReadsWithoutWarnings(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("man", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Path> pages;
        try (var s = Files.list(dir)) {
            pages = s.sorted().toList();
        }
        assertThat(pages.stream().map(p -> p.getFileName().toString()))
                .contains("fleetops.1", "fleetops-run.1", "fleetops-wait-first-ready.1", "fleetops-serve.1");
        String run = Files.readString(dir.resolve("fleetops-run.1"));
        assertThat(run).startsWith(".TH FLEETOPS-RUN 1").contains(".SH OPTIONS").contains("\\-\\-max\\-concurrency")
                .contains(".SH EXAMPLES");
        boolean groff = new ProcessBuilder("sh", "-c", "command -v groff").start().waitFor() == 0;
        assumeTrue(groff, "groff not installed: the pages' roff is not checked by groff here");
        for (Path page : pages) {
            Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()).redirectErrorStream(true).start();
            String warnings = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(warnings).as(page.getFileName().toString()).isEmpty();
        }
    }
}
