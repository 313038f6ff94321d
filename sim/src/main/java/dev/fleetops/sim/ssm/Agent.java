package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.AgentModel;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandPluginStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSM agent on every instance, modelled: it receives an invocation once the instance's agent is online,
 * runs the document's steps one after the other with the outcome {@link AgentModel} sets for each script, and
 * applies the agent's exit-code rules (AWS Systems Manager User Guide: "Rebooting managed nodes from scripts"): 194 (Linux) / 3010 (Windows) reboot the instance and
 * rerun the same step, 168 succeeds and skips the remaining steps, 169 fails and skips them, other non-zero
 * codes fail the step; a run longer than the step's timeout is stopped (TimedOut).
 */
final class Agent {

    /** From sending to the agent receiving the invocation. */
    static final Duration DELIVERY = Duration.ofMillis(500);

    private record Model(Pattern match, List<AgentModel.Run> runs) { }

    private final SimContext ctx;
    private final Instances instances;
    private final ManagedInstances managed;
    private final List<Model> models = new ArrayList<>();
    private final AgentModel.Run fallback;
    /** Per instance, how many runs of each model it has used. */
    private final Map<String, int[]> runsUsed = new HashMap<>();

    Agent(SimContext ctx, Instances instances, ManagedInstances managed, AgentModel model) {
        this.ctx = ctx;
        this.instances = instances;
        this.managed = managed;
        for (AgentModel.CommandModel m : model.commands()) {
            if (m.runs().isEmpty()) throw new IllegalArgumentException("agent model '" + m.match() + "' has no runs");
            models.add(new Model(Pattern.compile(m.match()), List.copyOf(m.runs())));
        }
        this.fallback = model.fallback();
    }

    /** Rate control sent {@code inv}: deliver it now if the agent is online, else when it comes online. */
    void send(Invocation inv) {
        Optional<Instances.View> view = instances.find(inv.instanceId);
        if (view.isEmpty() || view.get().state().equals("terminated") || view.get().state().equals("shutting-down")
                || managed.find(inv.instanceId).map(n -> n.terminated).orElse(false)) {
            inv.command.terminate(inv, CommandInvocationStatus.FAILED, "Undeliverable");
            return;
        }
        inv.platformType = "Windows".equals(view.get().platform()) ? "Windows" : "Linux";
        if (!platformTypes(inv.command).contains(inv.platformType)) {
            inv.command.terminate(inv, CommandInvocationStatus.FAILED, "InvalidPlatform");
            return;
        }
        inv.phase = Invocation.Phase.WAITING_FOR_AGENT;
        if (managed.online(inv.instanceId)) {
            inv.timer = ctx.scheduler().schedule(DELIVERY, () -> deliver(inv));
        } else {
            managed.whenOnline(inv.instanceId, () -> {
                if (!inv.done()) inv.timer = ctx.scheduler().schedule(DELIVERY, () -> deliver(inv));
            });
            // Queued for an offline agent counts as acknowledged, so one stopped instance does not hold the ramp.
            inv.command.acknowledged(inv);
        }
    }

    private static List<String> platformTypes(SimCommand command) {
        return CommandDocument.platformTypes(
                command.steps().stream().anyMatch(s -> s.action().equals(CommandDocument.POWERSHELL)));
    }

    private void deliver(Invocation inv) {
        if (inv.done()) return;
        inv.phase = Invocation.Phase.RUNNING;
        inv.status = CommandInvocationStatus.IN_PROGRESS;
        inv.details = "InProgress";
        inv.start = ctx.scheduler().now();
        inv.command.logInvocation(inv);
        inv.command.acknowledged(inv);
        runStep(inv);
    }

    private void runStep(Invocation inv) {
        if (inv.done()) return;
        if (inv.step >= inv.plugins.size()) {
            complete(inv);
            return;
        }
        CommandDocument.Resolved step = inv.command.steps().get(inv.step);
        Invocation.Plugin p = inv.plugins.get(inv.step);
        if (step.invalidPrecondition()) {
            p.executed = true;
            p.start = ctx.scheduler().now();
            p.stderr = "Unrecognized precondition: only StringEquals with two operands is supported";
            p.end(CommandPluginStatus.FAILED, "Failed", 1, p.start);
            nextStep(inv, step, p);
            return;
        }
        if (!applies(step, inv.platformType)) {
            skip(p, "Step execution skipped due to unsatisfied preconditions: '" + step.name() + "'");
            inv.step++;
            runStep(inv);
            return;
        }
        AgentModel.Run run = pick(step.script(), inv.instanceId);
        if (p.start == null) p.start = ctx.scheduler().now();
        p.executed = true;
        p.status = CommandPluginStatus.IN_PROGRESS;
        p.details = "InProgress";
        Duration timeout = Duration.ofSeconds(step.timeoutSeconds());
        if (run.duration().compareTo(timeout) > 0) {
            inv.timer = ctx.scheduler().schedule(timeout, () -> timedOut(inv, step, p, run));
        } else {
            inv.timer = ctx.scheduler().schedule(run.duration(), () -> runEnded(inv, step, p, run));
        }
    }

    private boolean applies(CommandDocument.Resolved step, String platformType) {
        if (step.precondition().isPresent()) {
            List<String> ops = step.precondition().get().stream()
                    .map(o -> o.equals("platformType") ? platformType : o).toList();
            return ops.get(0).equals(ops.get(1));
        }
        // Schema 2.2: a plugin unfit for the OS and without precondition is skipped.
        return !(step.action().equals(CommandDocument.SHELL) && platformType.equals("Windows"));
    }

    /**
     * The outcome of the next run of {@code script} on the instance: the first matching model decides, and each
     * instance walks its runs in order, the last repeating (across commands: the agent model's contract).
     */
    AgentModel.Run pick(String script, String instanceId) {
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            if (!m.match().matcher(script).find()) continue;
            int[] used = runsUsed.computeIfAbsent(instanceId, k -> new int[models.size()]);
            return m.runs().get(Math.min(used[i]++, m.runs().size() - 1));
        }
        return fallback;
    }

    private void timedOut(Invocation inv, CommandDocument.Resolved step, Invocation.Plugin p, AgentModel.Run run) {
        inv.timer = null;
        if (!stillRunning(inv)) return;
        p.stdout = run.output();
        p.stderr = "failed to run commands: exit status " + timeoutCode(inv);
        p.end(CommandPluginStatus.TIMED_OUT, "ExecutionTimedOut", timeoutCode(inv), ctx.scheduler().now());
        nextStep(inv, step, p);
    }

    /**
     * A script whose instance stopped or terminated under it never reports: the invocation stays InProgress until
     * the command's overall timeout makes it DeliveryTimedOut.
     */
    private boolean stillRunning(Invocation inv) {
        return instances.find(inv.instanceId).map(v -> v.state().equals("running")).orElse(false);
    }

    /** The code of a script the agent stopped: killed by SIGKILL on Unix, -1 on Windows. */
    private static int timeoutCode(Invocation inv) {
        return inv.platformType.equals("Windows") ? -1 : 137;
    }

    private void runEnded(Invocation inv, CommandDocument.Resolved step, Invocation.Plugin p, AgentModel.Run run) {
        inv.timer = null;
        if (!stillRunning(inv)) return;
        int code = run.exitCode();
        if (run.exitIfAppDown().isPresent() && !instances.appResponding(inv.instanceId)) {
            code = run.exitIfAppDown().get();
        }
        p.stdout = run.output();
        p.responseCode = code;
        int rebootCode = inv.platformType.equals("Windows") ? 3010 : 194;
        if (code == rebootCode) {
            // SuccessAndReboot: the invocation stays InProgress and the same step runs again after the reboot.
            inv.command.log("instance " + inv.instanceId + " rebooting for step " + step.name() + " (exit " + code + ")");
            managed.afterReboot(inv.instanceId, () -> runStep(inv));
            instances.rebootByAgent(inv.instanceId);
            return;
        }
        Instant now = ctx.scheduler().now();
        switch (code) {
            case 0 -> p.end(CommandPluginStatus.SUCCESS, "Success", 0, now);
            case 168 -> {
                p.end(CommandPluginStatus.SUCCESS, "Success", code, now);
                skipRest(inv);
            }
            case 169 -> {
                p.end(CommandPluginStatus.FAILED, "Failed", code, now);
                p.stderr = "failed to run commands: exit status " + code;
                skipRest(inv);
            }
            default -> {
                p.end(CommandPluginStatus.FAILED, "Failed", code, now);
                p.stderr = "failed to run commands: exit status " + code;
            }
        }
        nextStep(inv, step, p);
    }

    /** After a step ended: its onSuccess / onFailure may end the document early. */
    private void nextStep(Invocation inv, CommandDocument.Resolved step, Invocation.Plugin p) {
        boolean ok = p.status == CommandPluginStatus.SUCCESS;
        if (ok && step.onSuccess().filter("exit"::equals).isPresent()) skipRest(inv);
        if (!ok && step.onFailure().isPresent()) {
            if (step.onFailure().get().equals("successAndExit")) {
                p.status = CommandPluginStatus.SUCCESS;
                p.details = "Success";
            }
            skipRest(inv);
        }
        inv.step++;
        runStep(inv);
    }

    private void skipRest(Invocation inv) {
        for (int i = inv.step + 1; i < inv.plugins.size(); i++) {
            skip(inv.plugins.get(i), "Step execution skipped due to a previous step's exit code or exit setting");
        }
        inv.step = inv.plugins.size() - 1;
    }

    private void skip(Invocation.Plugin p, String why) {
        p.stdout = why;
        p.end(CommandPluginStatus.SUCCESS, "Skipped", 0, ctx.scheduler().now());
        if (p.start == null) p.start = p.end;
    }

    /** Document result on the instance (SSMA DocumentResultAggregator): any Failed, else any TimedOut, else Success. */
    private void complete(Invocation inv) {
        boolean failed = false;
        boolean timedOut = false;
        Invocation.Plugin last = null;
        for (Invocation.Plugin p : inv.plugins) {
            if (p.status == CommandPluginStatus.FAILED) failed = true;
            if (p.status == CommandPluginStatus.TIMED_OUT) timedOut = true;
            if (p.executed) last = p;
        }
        int code = last == null ? 0 : last.responseCode;
        if (failed) {
            inv.status = CommandInvocationStatus.FAILED;
            inv.details = "Failed";
            if (code == 0) code = 1; // a failed plugin with code 0 is reported with 1 (SSMA aggregator.go)
        } else if (timedOut) {
            inv.status = CommandInvocationStatus.TIMED_OUT;
            inv.details = "ExecutionTimedOut";
        } else {
            inv.status = CommandInvocationStatus.SUCCESS;
            inv.details = "Success";
        }
        inv.responseCode = code;
        inv.end = ctx.scheduler().now();
        inv.command.logInvocation(inv);
        inv.command.ended(inv);
    }
}
