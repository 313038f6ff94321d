package dev.fleetops.runbook.iam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The least-privilege IAM policy a runbook needs ({@code fleetops iam DOC}): every API call its steps make, with
 * IAM service prefixes (elbv2 -> elasticloadbalancing), in a read statement (Describe/List/Get) and a write
 * statement, on {@code Resource: "*"} (which resources a step touches is only known when it runs). Calls that
 * depend on a value interpolated at run time are included for every possible value and named in
 * {@link #notes()}. Give child documents (aws:executeAutomation) to include what they need too.
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
            for (Step s : d.allSteps()) {
                StepPermissions.Needs needs = StepPermissions.of(d.name(), s, names);
                for (String a : needs.actions()) {
                    if (isRead(a)) read.add(a);
                    else write.add(a);
                }
                notes.addAll(needs.notes());
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

    static boolean isRead(String action) {
        String op = action.substring(action.indexOf(':') + 1);
        return op.startsWith("Describe") || op.startsWith("List") || op.startsWith("Get") || op.startsWith("Search")
                || op.startsWith("Lookup") || op.startsWith("BatchGet");
    }
}
