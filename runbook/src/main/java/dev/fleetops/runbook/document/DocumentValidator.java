package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.SourceReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates SSM documents before anything runs, reporting every error with file, line, column, step and
 * field. The verdict is {@link Validation.Valid}, {@link Validation.Invalid} or {@link Validation.NotRunnable}
 * (valid as AWS sees it, but using a schema, action, plugin or service fleetops cannot run on this target).
 */
public final class DocumentValidator {

    /**
     * Top-level keys of document types other than Automation/Command, for a precise "not runnable here" answer
     * (AWS Systems Manager User Guide: "Document types", "Schemas, features, and examples", "Session document
     * schema", "Creating change templates"; AppConfig's "Creating a deployment strategy"). AWS accepts these
     * documents, so they are never invalid: fleetops does not run them.
     */
    private static final Map<String, String> OTHER_TYPES = new java.util.LinkedHashMap<>();

    static {
        OTHER_TYPES.put("templateBody", "a CloudFormation-template document");
        OTHER_TYPES.put("sessionType", "a Session Manager document");
        OTHER_TYPES.put("packages", "a Distributor package document");
        OTHER_TYPES.put("runtimeConfig", "a Command document of the 1.2 schema");
        OTHER_TYPES.put("deploymentConfig", "an AppConfig deployment-strategy document");
        OTHER_TYPES.put("sections", "an Incident Manager post-incident analysis template");
        // a change template is schema 0.3 with mainSteps (its aws:approve steps), told apart by these keys
        OTHER_TYPES.put("templateInformation", "a Change Manager change template");
        OTHER_TYPES.put("executableRunBooks", "a Change Manager change template");
        OTHER_TYPES.put("emergencyChange", "a Change Manager change template");
        OTHER_TYPES.put("autoApprovable", "a Change Manager change template");
        // no schemaVersion at all: a JSON Schema (ApplicationConfigurationSchema) or a CloudFormation template
        OTHER_TYPES.put("$schema", "an AppConfig configuration schema (ApplicationConfigurationSchema) document");
        OTHER_TYPES.put("AWSTemplateFormatVersion", "a CloudFormation template");
        OTHER_TYPES.put("Resources", "a CloudFormation template");
    }

    private static final String RUNS = "fleetops runs Automation (0.3) and Command (1.2, 2.0, 2.2) documents";

    private final ApiCatalog catalog;
    private final RunTarget target;

    public DocumentValidator(ApiCatalog catalog, RunTarget target) {
        this.catalog = catalog;
        this.target = target;
    }

    public Validation validate(Path file) {
        String name = file.toString();
        try {
            return validate(name, SourceReader.read(file));
        } catch (InputError e) {
            return unreadable(name, e);
        }
    }

    public Validation validate(String name, String text) {
        try {
            return validate(name, SourceReader.read(name, text));
        } catch (InputError e) {
            return unreadable(name, e);
        }
    }

    /** The document's name: the file name without directory and extension. */
    public static String documentName(String file) {
        String base = Path.of(file).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    public Validation validate(String file, Node tree) {
        Problems problems = new Problems();
        if (!(tree instanceof MapNode root)) {
            problems.at(tree, "", "a document is a mapping with schemaVersion and mainSteps, got " + tree.describe());
            return new Validation.Invalid(file, null, problems.errors(), List.of());
        }
        Optional<Node> version = root.get("schemaVersion");
        if (version.isEmpty()) {
            // "Data elements and parameters": schemaVersion is required of every document that has one
            if (!root.has("mainSteps") && !root.has("runtimeConfig")) {
                Optional<String> other = otherType(root, null);
                if (other.isPresent()) {
                    return new Validation.NotRunnable(file, null, "", List.of("this is " + other.get()
                            + ", not an Automation or Command document: not runnable here (" + RUNS + ")"), List.of());
                }
            }
            problems.at(root, "", "missing required field 'schemaVersion'");
            return new Validation.Invalid(file, null, problems.errors(), List.of());
        }
        if (!(version.get() instanceof ScalarNode v)) {
            problems.at(version.get(), "", "schemaVersion must be a string such as \"0.3\", got " + version.get().describe());
            return new Validation.Invalid(file, null, problems.errors(), List.of());
        }
        // "Schemas, features, and examples": the schema versions SSM knows; any other is refused by CreateDocument
        Optional<Schema> schema = Schema.of(v.value());
        if (schema.isEmpty()) {
            problems.at(v, "", "unknown schemaVersion \"" + v.value() + "\"; fleetops runs 0.3 (Automation) and 2.2 (Command)"
                    + " and recognises 1.0, 1.2 and 2.0");
            return new Validation.Invalid(file, null, problems.errors(), List.of());
        }
        Optional<String> otherType = otherType(root, schema.get());
        if (!schema.get().runnable() || otherType.isPresent()) {
            String kind = otherType.orElse("a " + schema.get().documentTypes() + " document");
            return new Validation.NotRunnable(file, null, v.value(), List.of("schemaVersion " + v.value() + " (" + kind
                    + "): not runnable here; " + RUNS), List.of());
        }
        Document doc = new DocumentReader(documentName(file), schema.get(), problems).read(root);
        new ParameterChecks(problems).check(doc.parameters());
        new ParameterChecks(problems).check(doc.variables());
        StepIndex index = new StepIndex(doc);
        new FlowChecks(doc, index, problems).check();
        new StepChecks(doc, catalog, target, problems).check();
        new ReferenceChecks(doc, index, problems).check();
        if (!problems.errors().isEmpty()) {
            List<DocumentError> sorted = problems.errors().stream().sorted(java.util.Comparator
                    .comparingInt((DocumentError e) -> e.location().line()).thenComparingInt(e -> e.location().column())).toList();
            return new Validation.Invalid(file, doc, sorted, problems.warnings());
        }
        if (!problems.reasons().isEmpty()) {
            return new Validation.NotRunnable(file, doc, v.value(), problems.reasons(), problems.warnings());
        }
        return new Validation.Valid(file, doc, problems.warnings());
    }

    /** The other document type {@code root} is, if its keys say so; a 1.2 Command document's plugins are its runtimeConfig. */
    private static Optional<String> otherType(MapNode root, Schema schema) {
        return OTHER_TYPES.entrySet().stream()
                .filter(e -> root.has(e.getKey()) && !(schema == Schema.V1_2 && e.getKey().equals("runtimeConfig")))
                .map(Map.Entry::getValue).findFirst();
    }

    private static Validation unreadable(String file, InputError e) {
        return new Validation.Invalid(file, null,
                List.of(new DocumentError(e.location(), "", e.field(), e.problem())), List.of());
    }
}
