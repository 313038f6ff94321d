package dev.fleetops.runbook.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.Actions;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The least-privilege IAM policy a runbook needs ({@code fleetops iam DOC}): every API call its steps make, with
 * IAM service prefixes (elbv2 -> elasticloadbalancing), in a read statement (Describe/List/Get) and a write
 * statement, on {@code Resource: "*"} (which resources a step touches is only known when it runs). Calls that
 * depend on a value interpolated at run time are included for every possible value and named in
 * {@link #notes()}. Give child documents (aws:executeAutomation) to include what they need too. What each action
 * needs is part of its {@link ActionDefinition}.
 */
public record IamPolicy(Set<String> read, Set<String> write, List<String> notes) {

    /** The policy for {@code documents} together (a runbook and the children it starts). */
    public static IamPolicy of(Collection<Document> documents) {
        Set<String> read = new TreeSet<>();
        Set<String> write = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        documents.forEach(d -> names.add(d.name()));
        for (Document d : documents) {
            if (!d.isAutomation()) continue; // Command plugins run in the agent, under the instance's own role
            for (Step s : d.allSteps()) {
                ActionDefinition.Permissions.Needed needs = Actions.automation(s.action())
                        .map(def -> def.permissions().of(s, names))
                        .orElse(new ActionDefinition.Permissions.Needed(List.of(), List.of()));
                for (String a : needs.actions()) {
                    if (isRead(a)) read.add(a);
                    else write.add(a);
                }
                String where = d.name() + " step " + s.name() + " (" + s.action() + "): ";
                needs.notes().forEach(n -> notes.add(where + n));
            }
        }
        return new IamPolicy(read, write, List.copyOf(notes));
    }

    public static IamPolicy of(Document document) {
        return of(List.of(document));
    }

    /** Every action, read and write. */
    public Set<String> actions() {
        Set<String> all = new TreeSet<>(read);
        all.addAll(write);
        return all;
    }

    /** The IAM policy document. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode policy = f.objectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        if (!read.isEmpty()) statements.add(statement("RunbookRead", read));
        if (!write.isEmpty()) statements.add(statement("RunbookWrite", write));
        return policy;
    }

    private static ObjectNode statement(String sid, Set<String> actions) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("Sid", sid).put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        s.put("Resource", "*");
        return s;
    }

    /** boto3 client names whose IAM prefix differs. */
    private static final Map<String, String> PREFIX = Map.of("elbv2", "elasticloadbalancing",
            "elb", "elasticloadbalancing", "stepfunctions", "states",
            // Amazon DocumentDB and Neptune are managed through the rds: actions; Amazon EMR's prefix is elasticmapreduce
            // (Service Authorization Reference)
            "docdb", "rds", "neptune", "rds", "emr", "elasticmapreduce");
    /** API operations whose IAM action has another name. */
    private static final Map<String, String> ACTION = Map.of("lambda:Invoke", "lambda:InvokeFunction",
            "lambda:InvokeAsync", "lambda:InvokeFunction", "s3:ListObjectsV2", "s3:ListBucket", "s3:HeadObject",
            "s3:GetObject", "s3:HeadBucket", "s3:ListBucket");

    /**
     * The IAM action for an API call as SSM documents name it: service as boto3 names the client, operation in
     * PascalCase, camelCase or boto3's snake_case ({@code elbv2 describe_target_health} ->
     * {@code elasticloadbalancing:DescribeTargetHealth}).
     */
    public static String iamAction(String service, String api) {
        String s = service.toLowerCase(Locale.ROOT);
        String action = PREFIX.getOrDefault(s, s) + ":" + pascal(api);
        return ACTION.getOrDefault(action, action);
    }

    private static String pascal(String api) {
        if (!api.contains("_") && !api.isEmpty() && Character.isUpperCase(api.charAt(0))) return api;
        StringBuilder b = new StringBuilder();
        for (String part : api.split("_")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    static boolean isRead(String action) {
        String op = action.substring(action.indexOf(':') + 1);
        return op.startsWith("Describe") || op.startsWith("List") || op.startsWith("Get") || op.startsWith("Search")
                || op.startsWith("Lookup") || op.startsWith("BatchGet");
    }
}
