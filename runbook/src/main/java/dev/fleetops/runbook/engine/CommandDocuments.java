package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.source.NodeJson;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Command (2.2) document run as SSM runs it on instances: an Automation document of one aws:runCommand step that
 * sends it (AWS Systems Manager User Guide: aws:runCommand), and on the simulator the document created there first.
 */
final class CommandDocuments {

    private CommandDocuments() { }

    /** The one-step Automation document, as JSON text; {@code maxConcurrency}/{@code maxErrors} null for SendCommand's defaults. */
    /**
     * Key of the started entry of a Command document's run: the document's name and its wrapper's text, which holds
     * the targets and parameters (journaled; never an SSM parameter name).
     */
    static final String WRAPPER = "fleetops:CommandWrapper";

    static String wrapper(Document doc, Map<String, List<String>> parameters, CommandTargets targets,
                          String maxConcurrency, String maxErrors) {
        ObjectNode inputs = Json.object().put("DocumentName", doc.name());
        if (!targets.instanceIds().isEmpty()) inputs.set("InstanceIds", Json.tree(targets.instanceIds()));
        else {
            ArrayNode t = inputs.putArray("Targets");
            targets.targets().forEach((k, v) -> t.addObject().put("Key", k).set("Values", Json.tree(v)));
        }
        if (!parameters.isEmpty()) inputs.set("Parameters", Json.tree(parameters));
        if (maxConcurrency != null) inputs.put("MaxConcurrency", maxConcurrency);
        if (maxErrors != null) inputs.put("MaxErrors", maxErrors);
        ObjectNode automation = Json.object().put("schemaVersion", "0.3")
                .put("description", "Runs the Command document " + doc.name() + " through aws:runCommand");
        automation.putArray("mainSteps").addObject().put("name", "runCommand").put("action", "aws:runCommand").set("inputs", inputs);
        return Json.pretty(automation);
    }

    /** Creates {@code doc} in SSM unless a document of its name exists. */
    static CompletionStage<Void> ensure(ApiInvoker invoker, Cloud cloud, Document doc) {
        return invoker.invoke(cloud, "ssm", "DescribeDocument", Json.object().put("Name", doc.name()))
                .handle((r, e) -> e == null)
                .thenCompose(exists -> exists ? CompletableFuture.completedFuture(null)
                        : invoker.invoke(cloud, "ssm", "CreateDocument", Json.object().put("Name", doc.name())
                        .put("Content", Json.compact(NodeJson.toJson(doc.node()))).put("DocumentType", "Command")
                        .put("DocumentFormat", "JSON")).thenApply(r -> null));
    }
}
