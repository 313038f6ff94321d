package dev.fleetops.cli.runbook;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.document.DocumentClosure;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.engine.DocumentLibrary;
import dev.fleetops.runbook.iam.IamPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

@Command(addMethodSubcommands = false, name = "iam",
        header = "Print the least-privilege IAM policy a runbook needs (its API calls, with IAM prefixes).",
        description = {"Reads the documents (files, or names found in --docs), and the children they start with",
                "aws:executeAutomation when --docs (default: the folder of the first document file) holds them,",
                "and prints the IAM policy document: a read statement (Describe/List/Get) and a write statement,",
                "on Resource \"*\". Calls decided at run time are included for every possible value and noted.",
                "Exit 0, or 2 when a document is missing or invalid."},
        footer = {"", "Examples:",
                "  fleetops iam examples/runbooks/RebootInstanceGraceful.yaml     (RebootWithHealthcheck included)",
                "  fleetops iam AWS-RestartEC2Instance --docs examples/corpus -o json"})
public final class IamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DOC", description = "Document files or names in --docs.")
    List<String> documents;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of documents (NAME.yaml|.yml|.json): names and children.")
    Path docs;

    private final DocumentValidator validator = new DocumentValidator(ApiCatalog.standard(), RunTarget.AWS);

    @Override
    public Integer call() {
        Path dir = docsDirectory();
        DocumentClosure.Lookup children = dir == null ? name -> CompletableFuture.completedFuture(Optional.empty())
                : DocumentLibrary.directory(dir, validator)::find;
        Map<String, Document> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String ref : documents) {
            DocumentClosure closure = DocumentClosure.of(load(ref, dir), RunTarget.AWS, children).toCompletableFuture().join();
            for (Validation.Invalid i : closure.invalidChildren()) refuse(i);
            closure.documents().forEach(d -> found.putIfAbsent(d.name(), d));
            closure.childrenNotFound().forEach(m -> {
                if (!missing.contains(m)) missing.add(m);
            });
        }
        missing.removeAll(found.keySet());
        IamPolicy policy = IamPolicy.of(found.values());
        PrintWriter out = spec.commandLine().getOut();
        if (GlobalOptions.of(spec).structured()) {
            ObjectNode j = Json.object();
            j.set("Documents", Json.tree(List.copyOf(found.keySet())));
            j.set("ChildrenNotFound", Json.tree(missing));
            j.set("PolicyDocument", policy.toJson());
            j.set("Notes", Json.tree(policy.notes()));
            Output.print(GlobalOptions.of(spec), out, j);
        } else {
            out.println("# least-privilege policy for " + String.join(", ", found.keySet()));
            for (String m : missing) {
                out.println("# child " + m + " not found" + (dir == null ? " (give --docs DIR)" : " in " + dir) + ": its calls are not included");
            }
            for (String n : policy.notes()) out.println("# note: " + n);
            out.println(Json.pretty(policy.toJson())); // the text form is the policy to paste, as JSON
        }
        return ExitCodes.OK;
    }

    /** A document given on the command line, by path or by name in {@code dir}: it must exist and be valid. */
    private Validation load(String ref, Path dir) {
        Path file = Path.of(ref);
        if (!Files.isRegularFile(file) && dir != null) {
            file = null;
            for (String ext : new String[]{".yaml", ".yml", ".json"}) {
                if (Files.isRegularFile(dir.resolve(ref + ext))) {
                    file = dir.resolve(ref + ext);
                    break;
                }
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new UsageError(ref + ": no such file" + (dir != null ? " and no document of that name in " + dir : ""));
        }
        Validation v = validator.validate(file);
        if (v instanceof Validation.Invalid i) refuse(i);
        return v;
    }

    private static void refuse(Validation.Invalid i) {
        throw new UsageError(i.file() + ": the document is invalid (" + i.errors().size() + " errors; see fleetops validate):\n  "
                + String.join("\n  ", i.errors().stream().map(Object::toString).toList()));
    }

    private Path docsDirectory() {
        if (docs != null) {
            if (!Files.isDirectory(docs)) throw new UsageError("--docs " + docs + ": no such directory");
            return docs;
        }
        for (String d : documents) {
            if (Files.isRegularFile(Path.of(d))) return Path.of(d).toAbsolutePath().getParent();
        }
        return null;
    }
}
