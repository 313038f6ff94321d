package dev.fleetops.runbook.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.DocumentError;
import dev.fleetops.source.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lints the inline shell scripts of SSM documents with ShellCheck, so that a script that cannot do what it says
 * (seed 004's {@code if [! -f $flag_location]} never creates its flag file) is reported before anyone runs it.
 * Findings are warnings located at the document's own line; they never make a document invalid, because SSM runs
 * such scripts as written.
 *
 * <p>Runs the {@code shellcheck} program (Debian package {@code shellcheck}) once per script: a blocking call, made
 * by {@code fleetops validate} only, never by the engine.
 */
public final class ShellLint {

    /** Scripts without a shebang: the agent runs them with /bin/sh, which is bash on Amazon Linux. */
    private static final String DEFAULT_DIALECT = "bash";

    private final Path shellcheck;

    private ShellLint(Path shellcheck) {
        this.shellcheck = shellcheck;
    }

    /** ShellCheck found on PATH, or empty when it is not installed (then say so, and lint nothing). */
    public static Optional<ShellLint> onPath() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "shellcheck");
            if (Files.isExecutable(candidate)) return Optional.of(new ShellLint(candidate));
        }
        return Optional.empty();
    }

    public static ShellLint at(Path shellcheck) {
        return new ShellLint(shellcheck);
    }

    /** What the note says when ShellCheck is missing. */
    public static final String MISSING = "shellcheck is not installed: inline shell scripts were not linted"
            + " (Debian/Ubuntu: apt-get install shellcheck)";

    /**
     * The findings of warning or error severity in every inline shell script of {@code document}.
     *
     * @param source the document's text as read (to map script lines to document lines)
     * @throws LintException when ShellCheck cannot be run or answers something else than its JSON report
     */
    public List<DocumentError> findings(Document document, String source) {
        List<DocumentError> out = new ArrayList<>();
        for (ShellScripts.Script script : ShellScripts.of(document, source)) out.addAll(findings(script));
        return out;
    }

    private List<DocumentError> findings(ShellScripts.Script script) {
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--format=json1", "--severity=warning"));
        if (!script.text().startsWith("#!")) command.add("--shell=" + DEFAULT_DIALECT);
        command.add("-");
        String answer = run(command, script.text());
        JsonNode report;
        try {
            report = Json.parse(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LintException(shellcheck + " answered something else than its json1 report: " + e.getOriginalMessage());
        }
        List<DocumentError> out = new ArrayList<>();
        for (JsonNode c : report.path("comments")) {
            Location at = script.documentLine(c.path("line").asInt());
            String text = "shellcheck SC" + c.path("code").asInt() + " (" + c.path("level").asText() + "): "
                    + c.path("message").asText() + " - https://www.shellcheck.net/wiki/SC" + c.path("code").asInt();
            out.add(new DocumentError(at, script.step(), "script", text));
        }
        return out;
    }

    private String run(List<String> command, String stdin) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new LintException("cannot run " + shellcheck + ": " + e.getMessage());
        }
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LintException(shellcheck + " did not answer within 60 s");
            }
            // exit 1 means "findings"; anything above is ShellCheck's own failure
            if (p.exitValue() > 1) throw new LintException(shellcheck + " failed (exit " + p.exitValue() + "): " + err.join().trim());
            return out.join();
        } catch (IOException e) {
            throw new LintException("cannot run " + shellcheck + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LintException("interrupted while " + shellcheck + " ran");
        }
    }

    private static String read(InputStream s) {
        try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** ShellCheck could not be run or answered something unreadable: the environment's problem, not the document's. */
    public static final class LintException extends RuntimeException {
        LintException(String message) {
            super(message);
        }
    }
}
