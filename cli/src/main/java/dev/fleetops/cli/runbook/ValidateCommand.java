package dev.fleetops.cli.runbook;

import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.runbook.document.DocumentClosure;
import dev.fleetops.runbook.document.DocumentError;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.document.ValidationReport;
import dev.fleetops.runbook.engine.DocumentLibrary;
import dev.fleetops.runbook.lint.ShellLint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(addMethodSubcommands = false, name = "validate",
        header = "Check SSM documents before anything runs.",
        description = {"Reads each document (YAML or JSON; a directory means every document in it) and prints",
                "valid, invalid (every error with file:line:col, step and field) or not-runnable (AWS accepts it,",
                "but fleetops cannot run it on the chosen cloud, and why). The children a document starts with",
                "aws:executeAutomation are followed (in --docs, default: the document's folder): a child that is",
                "missing, invalid or not runnable makes its parent not runnable, as run would refuse it.",
                "Warnings are defects AWS accepts when a document is created but that fail the step when it runs.",
                "Inline shell scripts (aws:runShellScript, AWS-RunShellScript's commands) are linted with",
                "shellcheck when it is installed: its findings are warnings at the document's line, and never make",
                "a document invalid (SSM runs such scripts as written).",
                "Exit 0 when every document is valid, 2 otherwise."},
        footer = {"", "Examples:", "  fleetops validate examples/runbooks/RebootInstanceGraceful.yaml",
                "  fleetops validate --cloud aws my-docs/ -o json"})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DOC", description = "Document files or directories.")
    List<Path> paths;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Where children are looked up (default: each document's folder).")
    Path docs;

    @Option(names = "--no-lint", description = "Do not lint inline shell scripts with shellcheck.")
    boolean noLint;

    @Override
    public Integer call() throws Exception {
        GlobalOptions g = GlobalOptions.of(spec);
        RunTarget target = g.cloud == GlobalOptions.CloudKind.aws ? RunTarget.AWS : RunTarget.SIMULATOR;
        DocumentValidator validator = new DocumentValidator(ApiCatalog.standard(), target);
        List<Validation> results = new ArrayList<>();
        if (docs != null && !Files.isDirectory(docs)) throw new UsageError("--docs " + docs + ": no such directory");
        for (Path p : expand(paths)) {
            Path dir = docs != null ? docs : p.toAbsolutePath().getParent();
            DocumentClosure closure = DocumentClosure.of(validator.validate(p), target,
                    DocumentLibrary.directory(dir, validator)::find).toCompletableFuture().join();
            // on AWS, run also looks children up in SSM, which validate does not ask
            results.add(target == RunTarget.AWS ? closure.verdictExceptNotFound() : closure.verdict());
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<Validation, List<DocumentError>> lint = lint(results);
        if (g.structured()) {
            Output.print(g, out, results.stream().map(v -> ValidationReport.of(v, lint.get(v))).toList());
        } else {
            for (Validation v : results) {
                print(v, target, out);
                for (DocumentError f : lint.getOrDefault(v, List.of())) out.println("  warning: " + f);
            }
            long valid = results.stream().filter(v -> v instanceof Validation.Valid).count();
            if (results.size() > 1) out.printf(Locale.ROOT, "%n%d of %d documents valid for %s%n", valid, results.size(), target.label());
        }
        return results.stream().allMatch(v -> v instanceof Validation.Valid) ? ExitCodes.OK : ExitCodes.USAGE;
    }

    /** ShellCheck's findings per document that has one read; none (and a note) when it is not installed. */
    private Map<Validation, List<DocumentError>> lint(List<Validation> results) {
        Map<Validation, List<DocumentError>> findings = new IdentityHashMap<>();
        if (noLint) return findings;
        List<Validation> readable = results.stream().filter(v -> v.document() != null).toList();
        if (readable.isEmpty()) return findings;
        Optional<ShellLint> shellcheck = ShellLint.onPath();
        if (shellcheck.isEmpty()) {
            spec.commandLine().getErr().println("note: " + ShellLint.MISSING);
            return findings;
        }
        for (Validation v : readable) {
            try {
                findings.put(v, shellcheck.get().findings(v.document(), Files.readString(Path.of(v.file()))));
            } catch (ShellLint.LintException | java.io.IOException e) {
                spec.commandLine().getErr().println("note: " + v.file() + ": inline scripts not linted: " + e.getMessage());
            }
        }
        return findings;
    }

    private static void print(Validation v, RunTarget target, PrintWriter out) {
        if (v instanceof Validation.Invalid bad) {
            int n = bad.errors().size();
            out.println(v.file() + ": invalid (" + n + " error" + (n == 1 ? "" : "s") + ")");
            for (DocumentError e : bad.errors()) out.println("  " + e);
        } else if (v instanceof Validation.NotRunnable nr) {
            out.println(v.file() + ": valid, but not runnable on " + target.label());
            for (String r : nr.reasons()) out.println("  - " + r);
        } else {
            out.println(v.file() + ": valid");
        }
        for (DocumentError w : v.warnings()) out.println("  warning: " + w);
    }

    private static List<Path> expand(List<Path> paths) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                int before = files.size();
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().forEach(files::add);
                }
                if (files.size() == before) {
                    throw new UsageError(p + ": no documents in this directory (NAME.yaml, NAME.yml or NAME.json)");
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }
}
