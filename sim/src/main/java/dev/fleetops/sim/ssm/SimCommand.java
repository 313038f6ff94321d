package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandPluginStatus;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.Target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One SendCommand: its invocations in target order and the rate control that sends them (AWS Systems Manager
 * User Guide: "Run commands at scale"): ramp 1, 2, 4... up to MaxConcurrency as invocations are acknowledged; stop sending once errors
 * exceed MaxErrors, in-flight invocations finish and the unsent end {@code Terminated}.
 */
final class SimCommand {

    /** What the request asked for, as ListCommands echoes it. */
    record Spec(String commandId, String documentName, String comment, Map<String, List<String>> parameters,
                List<String> instanceIds, List<Target> targets, Instant requested, int timeoutSeconds,
                String maxConcurrency, String maxErrors, List<CommandDocument.Resolved> steps) { }

    private final SimContext ctx;
    private final Spec spec;
    private final int concurrency;
    private final int allowedErrors;
    private final Map<String, Invocation> invocations = new LinkedHashMap<>();
    private final List<Invocation> order = new ArrayList<>();
    private Consumer<Invocation> sender;
    private int next;
    private int window = 1;
    private int inFlight;
    private int errors;
    private int completed;
    private boolean stopped;
    private boolean cancelled;

    SimCommand(SimContext ctx, Spec spec, List<String> targetIds) {
        this.ctx = ctx;
        this.spec = spec;
        for (String id : targetIds) {
            Invocation inv = new Invocation(this, id);
            invocations.put(id, inv);
            order.add(inv);
        }
        this.concurrency = Math.max(1, amount(spec.maxConcurrency(), order.size()));
        this.allowedErrors = amount(spec.maxErrors(), order.size());
    }

    /**
     * An integer as is; a percentage of the targets, rounded down (SSM does not document the rounding:
     * docs/simulator.md, "Where AWS is silent").
     */
    static int amount(String value, int targets) {
        if (value.endsWith("%")) {
            return (int) ((long) Integer.parseInt(value.substring(0, value.length() - 1)) * targets / 100);
        }
        return Integer.parseInt(value);
    }

    Spec spec() {
        return spec;
    }

    String id() {
        return spec.commandId();
    }

    List<CommandDocument.Resolved> steps() {
        return spec.steps();
    }

    Map<String, Invocation> invocations() {
        return invocations;
    }

    /** Starts sending; {@code sender} hands one invocation to the agent. */
    void start(Consumer<Invocation> sender) {
        this.sender = sender;
        log("sent to " + order.size() + " target(s), " + spec.documentName() + ", concurrency " + concurrency
                + ", allowed errors " + allowedErrors);
        if (order.isEmpty()) log("ended " + details());
        pump();
    }

    private void pump() {
        while (!stopped && next < order.size() && inFlight < window) {
            Invocation inv = order.get(next++);
            if (inv.done()) continue; // timed out or cancelled before it was sent
            inv.sent = true;
            inFlight++;
            sender.accept(inv);
        }
    }

    /** The agent received the invocation: the ramp grows. */
    void acknowledged(Invocation inv) {
        if (inv.acknowledged) return;
        inv.acknowledged = true;
        window = Math.min(concurrency, window * 2);
        pump();
    }

    /** An invocation reached a terminal status. */
    void ended(Invocation inv) {
        completed++;
        inv.phase = Invocation.Phase.DONE;
        if (inv.sent) inFlight--;
        if (inv.isError()) errors++;
        if (!stopped && errors > allowedErrors) {
            stopped = true;
            log("stopped sending: " + errors + " error(s), MaxErrors " + spec.maxErrors());
            for (Invocation o : order) {
                if (o.phase == Invocation.Phase.NOT_SENT) terminate(o, CommandInvocationStatus.CANCELLED, "Terminated");
            }
        }
        if (inv.sent && !inv.acknowledged) acknowledged(inv);
        else pump();
        if (completed == order.size()) log("ended " + status() + " (" + details() + ")");
    }

    /** Ends an invocation that never ran (terminated, timed out or cancelled before delivery). */
    void terminate(Invocation inv, CommandInvocationStatus status, String details) {
        inv.cancelTimer();
        inv.status = status;
        inv.details = details;
        inv.end = ctx.scheduler().now();
        for (Invocation.Plugin p : inv.plugins) {
            if (p.status == CommandPluginStatus.PENDING || p.status == CommandPluginStatus.IN_PROGRESS) {
                p.status = switch (status) {
                    case TIMED_OUT -> CommandPluginStatus.TIMED_OUT;
                    case CANCELLED -> CommandPluginStatus.CANCELLED;
                    default -> CommandPluginStatus.FAILED;
                };
                p.details = details;
                p.end = inv.end;
            }
        }
        logInvocation(inv);
        ended(inv);
    }

    void cancel() {
        cancelled = true;
        stopped = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    // ---------------------------------------------- aggregation (AWS Systems Manager User Guide: "Understanding command statuses")

    int targetCount() {
        return order.size();
    }

    int completedCount() {
        return completed;
    }

    int errorCount() {
        return errors;
    }

    int deliveryTimedOutCount() {
        int n = 0;
        for (Invocation i : order) if (i.details.equals("DeliveryTimedOut")) n++;
        return n;
    }

    CommandStatus status() {
        return switch (details()) {
            case "Pending" -> CommandStatus.PENDING;
            case "InProgress" -> CommandStatus.IN_PROGRESS;
            case "Success" -> CommandStatus.SUCCESS;
            case "Canceled" -> CommandStatus.CANCELLED;
            case "DeliveryTimedOut", "ExecutionTimedOut" -> CommandStatus.TIMED_OUT;
            default -> CommandStatus.FAILED; // Failed, Incomplete, NoInstancesInTag
        };
    }

    String details() {
        if (order.isEmpty()) return "NoInstancesInTag";
        if (completed < order.size()) {
            for (Invocation i : order) if (i.phase == Invocation.Phase.RUNNING) return "InProgress";
            return next == 0 ? "Pending" : "InProgress";
        }
        if (cancelled) return "Canceled";
        int failed = 0;
        int timedOut = 0;
        int success = 0;
        int deliveryTimedOut = 0;
        for (Invocation i : order) {
            switch (i.details) {
                case "Failed" -> failed++;
                case "ExecutionTimedOut" -> timedOut++;
                case "Success" -> success++;
                case "DeliveryTimedOut" -> deliveryTimedOut++;
                default -> { }
            }
        }
        if (success == order.size()) return "Success";
        // Any script failure fails the command, whether or not it exceeded MaxErrors
        // (docs/simulator.md, "Where AWS is silent").
        if (failed + timedOut > 0) return failed >= timedOut ? "Failed" : "ExecutionTimedOut";
        if (deliveryTimedOut == order.size()) return "DeliveryTimedOut";
        return "Incomplete";
    }

    void logInvocation(Invocation inv) {
        if (!ctx.timeline().recording()) return;
        ctx.log("ssm.command", spec.commandId() + " " + inv.instanceId,
                inv.status + " (" + inv.details + ")" + (inv.responseCode >= 0 || inv.done()
                        ? ", response code " + inv.responseCode : ""));
    }

    void log(String text) {
        if (ctx.timeline().recording()) ctx.log("ssm.command", spec.commandId(), text);
    }
}
