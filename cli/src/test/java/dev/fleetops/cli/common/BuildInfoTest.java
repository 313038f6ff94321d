package dev.fleetops.cli.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The build records its version and, built from a git clone, the commit (what fleetops_build_info reports). */
class BuildInfoTest {

    @Test
    void theVersionIsTheProjects() {
        assertThat(BuildInfo.property("version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void builtFromAGitCloneTheCommitIsItsHead() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        // a linked worktree's .git is a file, and the commit plugin reads the main checkout there (see cli/pom.xml)
        assumeTrue(Files.isDirectory(root.resolve(".git")), "not built from a git clone (" + root + "/.git is not a directory)");
        Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(git.waitFor() == 0, "git cannot read " + root + ": " + head);
        assertThat(BuildInfo.property("commit")).hasSize(12).isEqualTo(head.substring(0, 12));
    }
}
