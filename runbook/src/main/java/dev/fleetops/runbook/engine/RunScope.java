package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.Status;
import dev.fleetops.time.Scheduler;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code {{ ... }}} means inside one execution: its parameters, runbook variables, step outputs, the current
 * pass of each loop, {@code automation:EXECUTION_ID} and the {@code global:} variables (AWS Systems Manager User
 * Guide: Variables in runbooks). fleetops resolves Parameter Store references only in parameter defaults, before
 * the first step.
 */
final class RunScope {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String id;
    private final Map<String, JsonNode> parameters;
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();
    private final Map<String, JsonNode[]> loopValues = new LinkedHashMap<>();
    private final RunRecords records;
    private final Cloud cloud;
    private final Scheduler scheduler;
    private final Interpolator interpolator = new Interpolator(this::resolve);

    RunScope(String id, Map<String, JsonNode> parameters, Map<String, JsonNode> variables, RunRecords records,
             Cloud cloud, Scheduler scheduler) {
        this.id = id;
        this.parameters = parameters;
        this.variables.putAll(variables);
        this.records = records;
        this.cloud = cloud;
        this.scheduler = scheduler;
    }

    Interpolator interpolator() {
        return interpolator;
    }

    /** Runbook variables, changed by aws:updateVariable. */
    Map<String, JsonNode> variables() {
        return variables;
    }

    /** The loop step {@code loop} is in pass {@code iteration} over {@code value} (null for a do-while loop). */
    void pass(StepState loop, int iteration, JsonNode value) {
        loopValues.put(loop.step.name(), new JsonNode[]{IntNode.valueOf(iteration), value});
        loop.outputs.put("CurrentIteration", IntNode.valueOf(iteration));
        if (value != null) loop.outputs.put("CurrentIteratorValue", value);
        loop.changed();
    }

    JsonNode resolve(String token) {
        if (token.equals("automation:EXECUTION_ID")) return TextNode.valueOf(id);
        if (token.startsWith("automation:")) throw new InterpolationError("unknown automation variable {{ " + token + " }}; the only one is automation:EXECUTION_ID");
        if (token.startsWith("global:")) return TextNode.valueOf(global(token.substring(7)));
        if (token.startsWith("variable:")) {
            JsonNode v = variables.get(token.substring(9));
            if (v == null) throw new InterpolationError("runbook variable " + token.substring(9) + " is not defined (top-level variables)");
            return v;
        }
        if (token.startsWith("ssm:") || token.startsWith("ssm-secure:")) {
            throw new InterpolationError("{{ " + token + " }}: Parameter Store references are only allowed in parameter defaults");
        }
        JsonNode p = parameters.get(token);
        if (p != null) return p;
        int dot = token.indexOf('.');
        if (dot > 0) {
            StepState s = records.state(token.substring(0, dot));
            String output = token.substring(dot + 1);
            if (s != null) {
                JsonNode[] loop = loopValues.get(s.step.name());
                if (loop != null && output.equals("CurrentIteration")) return loop[0];
                if (loop != null && output.equals("CurrentIteratorValue") && loop[1] != null) return loop[1];
                JsonNode v = s.outputs.get(output);
                if (v != null) return v;
                throw new InterpolationError("step " + s.step.name() + " has no output " + output
                        + (s.status == Status.Pending ? " (it has not run)" : " (status " + s.status + ")"));
            }
        }
        throw new InterpolationError("{{ " + token + " }} is neither a parameter nor a step output");
    }

    private String global(String name) {
        return switch (name) {
            case "ACCOUNT_ID" -> cloud.accountId();
            case "REGION" -> cloud.region();
            case "AWS_PARTITION" -> partition(cloud.region());
            case "DATE" -> DATE.format(scheduler.now());
            case "DATE_TIME" -> DATE_TIME.format(scheduler.now());
            default -> throw new InterpolationError("unknown global variable global:" + name
                    + "; known: ACCOUNT_ID, REGION, AWS_PARTITION, DATE, DATE_TIME");
        };
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        if (region.startsWith("us-iso-")) return "aws-iso";
        if (region.startsWith("us-isob-")) return "aws-iso-b";
        return "aws";
    }
}
