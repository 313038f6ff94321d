package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.DuplicateInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentVersionException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidParametersException;
import software.amazon.awssdk.services.ssm.model.InvalidTargetException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SendCommand's request checks (as the API documents them) and its target resolution: InstanceIds must name
 * managed nodes; Targets select by {@code InstanceIds}, {@code tag:KEY} or {@code tag-key} among the nodes SSM
 * knows, in the order it learnt of them.
 */
final class CommandRequests {

    static final String MAX_CONCURRENCY = "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$";
    static final String MAX_ERRORS = "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$";
    private static final String INSTANCE_ID = "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)";
    private static final String TARGET_KEY = "^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters"
            + "|resource-groups:Name";

    /** @param targets instance ids, one invocation each, in order */
    record Prepared(SimCommand.Spec spec, List<String> targets) { }

    private final SimContext ctx;
    private final Instances instances;
    private final Documents documents;
    private final ManagedInstances managed;

    CommandRequests(SimContext ctx, Instances instances, Documents documents, ManagedInstances managed) {
        this.ctx = ctx;
        this.instances = instances;
        this.documents = documents;
        this.managed = managed;
    }

    Prepared prepare(SendCommandRequest r, String commandId) {
        SsmErrors.required("documentName", r.documentName());
        List<String> ids = r.hasInstanceIds() ? r.instanceIds() : List.of();
        List<Target> targets = r.hasTargets() ? r.targets() : List.of();
        if (ids.size() > 50) {
            throw SsmErrors.validation("Value '" + ids + "' at 'instanceIds' failed to satisfy constraint: Member "
                    + "must have length less than or equal to 50");
        }
        if (targets.size() > 5) {
            throw SsmErrors.validation("Value '" + targets + "' at 'targets' failed to satisfy constraint: Member "
                    + "must have length less than or equal to 5");
        }
        for (String id : ids) SsmErrors.pattern("instanceIds", id, INSTANCE_ID);
        SsmErrors.range("timeoutSeconds", r.timeoutSeconds(), 30, 2592000);
        SsmErrors.pattern("maxConcurrency", r.maxConcurrency(), MAX_CONCURRENCY);
        SsmErrors.pattern("maxErrors", r.maxErrors(), MAX_ERRORS);
        if (ids.isEmpty() == targets.isEmpty()) {
            throw SsmErrors.of(InvalidParametersException.builder(), "InvalidParameters",
                    ids.isEmpty() ? "Either InstanceIds or Targets must be specified."
                            : "InstanceIds and Targets can't be specified together.");
        }
        Documents.Stored doc = documents.require(r.documentName());
        if (doc.type() != DocumentType.COMMAND) {
            throw SsmErrors.of(InvalidDocumentException.builder(), "InvalidDocument",
                    "Document " + doc.name() + " of type " + doc.type() + " can't be sent as a command; only "
                            + "documents of type Command can.");
        }
        String version = r.documentVersion();
        if (version != null && !List.of("1", "$LATEST", "$DEFAULT").contains(version)) {
            throw SsmErrors.of(InvalidDocumentVersionException.builder(), "InvalidDocumentVersion",
                    "Document " + doc.name() + " has no version " + version + ".");
        }
        CommandDocument command = doc.command().orElseThrow();
        for (CommandDocument.Step s : command.steps()) {
            if (!s.action().equals(CommandDocument.SHELL) && !s.action().equals(CommandDocument.POWERSHELL)) {
                throw SsmErrors.of(InvalidDocumentException.builder(), "InvalidDocument",
                        "Step " + s.name() + " uses " + s.action() + ", which the simulated agent does not model "
                                + "(it runs aws:runShellScript and aws:runPowerShellScript).");
            }
        }
        Map<String, List<String>> values = parameters(command, r.hasParameters() ? r.parameters() : Map.of());
        List<String> resolved = ids.isEmpty() ? resolve(targets) : validIds(ids);
        SimCommand.Spec spec = new SimCommand.Spec(commandId, doc.name(), r.comment() == null ? "" : r.comment(),
                r.hasParameters() ? r.parameters() : Map.of(), ids, targets, ctx.scheduler().now(),
                r.timeoutSeconds() == null ? 3600 : r.timeoutSeconds(),
                r.maxConcurrency() == null ? "50" : r.maxConcurrency(), r.maxErrors() == null ? "0" : r.maxErrors(),
                command.resolve(values));
        return new Prepared(spec, resolved);
    }

    /** The document's defaults overlaid with the request's values, after checking them against the document. */
    private static Map<String, List<String>> parameters(CommandDocument doc, Map<String, List<String>> given) {
        for (String name : given.keySet()) {
            if (!doc.parameters().containsKey(name)) {
                throw SsmErrors.of(InvalidParametersException.builder(), "InvalidParameters",
                        "Parameter \"" + name + "\" is not defined in the document.");
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (CommandDocument.Param p : doc.parameters().values()) {
            List<String> v = given.get(p.name());
            if (v == null) {
                if (p.defaultValue().isEmpty()) {
                    throw SsmErrors.of(InvalidParametersException.builder(), "InvalidParameters",
                            "Parameter \"" + p.name() + "\" is required but was not specified.");
                }
                v = p.defaultValue().get();
            } else {
                if (p.type().equals("String") && v.size() != 1) {
                    throw SsmErrors.of(InvalidParametersException.builder(), "InvalidParameters",
                            "Parameter \"" + p.name() + "\" is of type String and takes one value, got " + v.size()
                                    + ".");
                }
                if (p.allowedPattern().isPresent()) {
                    for (String s : v) {
                        if (!s.matches(p.allowedPattern().get())) {
                            throw SsmErrors.of(InvalidParametersException.builder(), "InvalidParameters",
                                    "Parameter \"" + p.name() + "\" \"" + s + "\" fails to match required pattern: "
                                            + p.allowedPattern().get());
                        }
                    }
                }
            }
            values.put(p.name(), v);
        }
        return values;
    }

    private List<String> validIds(List<String> ids) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw SsmErrors.of(DuplicateInstanceIdException.builder(), "DuplicateInstanceId",
                        "Instance Id " + id + " is specified more than once.");
            }
            if (managed.find(id).isEmpty()) invalid.add(id);
        }
        if (!invalid.isEmpty()) {
            throw SsmErrors.of(InvalidInstanceIdException.builder(), "InvalidInstanceId",
                    "Instances [[" + String.join(", ", invalid) + "]] not in a valid state for account "
                            + ctx.accountId());
        }
        return List.copyOf(seen);
    }

    private List<String> resolve(List<Target> targets) {
        Set<String> out = new LinkedHashSet<>();
        for (Target t : targets) {
            SsmErrors.required("targets.key", t.key());
            SsmErrors.pattern("targets.key", t.key(), TARGET_KEY);
            List<String> values = t.hasValues() ? t.values() : List.of();
            if (values.size() > 50) {
                throw SsmErrors.validation("Value at 'targets.values' failed to satisfy constraint: Member must have "
                        + "length less than or equal to 50");
            }
            String key = t.key();
            if (key.equals("InstanceIds")) {
                out.addAll(values);
            } else if (key.startsWith("tag:") && key.length() > 4) {
                String tag = key.substring(4);
                forKnown(v -> v.tags().containsKey(tag) && values.contains(v.tags().get(tag)), out);
            } else if (key.equals("tag-key")) {
                forKnown(v -> values.stream().anyMatch(v.tags()::containsKey), out);
            } else {
                throw SsmErrors.of(InvalidTargetException.builder(), "InvalidTarget",
                        "Target key " + key + " is not supported: use InstanceIds, tag:KEY or tag-key.");
            }
        }
        return List.copyOf(out);
    }

    private void forKnown(java.util.function.Predicate<Instances.View> match, Set<String> out) {
        for (ManagedInstances.Node n : managed.all()) {
            if (n.terminated || !n.registered) continue;
            instances.find(n.instanceId).filter(match).ifPresent(v -> out.add(v.instanceId()));
        }
    }
}
