package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.api.SimErrors;
import dev.fleetops.sim.region.AwsEvents;
import dev.fleetops.time.Scheduler.Cancellable;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifecycle actions in progress: one per hook when an instance enters Pending:Wait or Terminating:Wait, each
 * with its token, heartbeat timer and global timer (ASAPI PutLifecycleHook, CompleteLifecycleAction,
 * RecordLifecycleActionHeartbeat). The member proceeds once every action has completed with CONTINUE; the first
 * ABANDON ends the others. A timeout completes the action with the hook's DefaultResult.
 */
final class LifecycleHooks {

    /** Told when a member's actions for a transition are over, with CONTINUE or ABANDON. */
    interface HooksFinished {
        void finished(GroupInstance member, String transition, String result);
    }

    final class Action {
        final String token;
        final HookSpec hook;
        final GroupInstance member;
        final Instant globalDeadline;
        Cancellable heartbeatTimer;
        Cancellable globalTimer;
        boolean live = true;

        Action(String token, HookSpec hook, GroupInstance member, Instant globalDeadline) {
            this.token = token;
            this.hook = hook;
            this.member = member;
            this.globalDeadline = globalDeadline;
        }
    }

    private final SimContext ctx;
    private final HooksFinished outcome;
    /** Lookup only: never iterated. */
    private final Map<String, Action> byToken = new HashMap<>();

    LifecycleHooks(SimContext ctx, HooksFinished outcome) {
        this.ctx = ctx;
        this.outcome = outcome;
    }

    /** Starts one action per hook of {@code transition}. @return false when the group has no such hook */
    boolean start(GroupInstance m, String transition) {
        List<HookSpec> hooks = m.group.hooksFor(transition);
        if (hooks.isEmpty()) return false;
        Instant now = ctx.scheduler().now();
        for (HookSpec h : hooks) {
            Action a = new Action(ctx.ids().uuid(), h, m, now.plusSeconds(h.globalTimeout()));
            a.heartbeatTimer = ctx.scheduler().schedule(Duration.ofSeconds(h.heartbeatTimeout()), () -> timeout(a));
            a.globalTimer = ctx.scheduler().schedule(Duration.ofSeconds(h.globalTimeout()), () -> timeout(a));
            byToken.put(a.token, a);
            m.actions.add(a);
        }
        // Emitted after all actions exist: a handler reacting at once finds every one of them.
        for (Action a : List.copyOf(m.actions)) emit(a, transition);
        return true;
    }

    private void emit(Action a, String transition) {
        String type = transition.equals(HookSpec.LAUNCHING) ? AwsEvents.LAUNCH_ACTION : AwsEvents.TERMINATE_ACTION;
        ctx.bus().emit(AwsEvents.AUTOSCALING, type, List.of(a.member.group.arn),
                AwsEvents.lifecycleAction(a.token, a.member.group.name, a.hook.name(), a.member.instanceId, transition,
                        a.hook.notificationMetadata()));
    }

    /**
     * The live action named by token, or by hook name and instance id.
     * @throws software.amazon.awssdk.awscore.exception.AwsServiceException ValidationError as AWS answers for an
     *         action that is unknown or already finished
     */
    Action find(SimGroup group, String hookName, String token, String instanceId) {
        if (token != null) {
            Action a = byToken.get(token);
            if (a == null || a.member.group != group || !a.hook.name().equals(hookName)) {
                throw SimErrors.autoScaling("ValidationError", "No active Lifecycle Action found with token " + token);
            }
            return a;
        }
        GroupInstance m = instanceId == null ? null : group.members.get(instanceId);
        if (m != null) {
            for (Action a : m.actions) if (a.hook.name().equals(hookName)) return a;
        }
        throw SimErrors.autoScaling("ValidationError", "No active Lifecycle Action found with instance ID " + instanceId);
    }

    void complete(Action a, String result) {
        if (!a.live) return;
        end(a);
        GroupInstance m = a.member;
        String transition = a.hook.transition();
        log(m, a.hook.name() + " completed with " + result);
        if (result.equals("ABANDON")) {
            cancelAll(m);
            outcome.finished(m, transition, "ABANDON");
        } else if (m.actions.isEmpty()) {
            outcome.finished(m, transition, "CONTINUE");
        }
    }

    /** Restarts the heartbeat timeout, never past the global timeout. */
    void heartbeat(Action a) {
        a.heartbeatTimer.cancel();
        Instant now = ctx.scheduler().now();
        Instant due = now.plusSeconds(a.hook.heartbeatTimeout());
        if (due.isAfter(a.globalDeadline)) due = a.globalDeadline;
        a.heartbeatTimer = ctx.scheduler().schedule(Duration.between(now, due), () -> timeout(a));
    }

    /** Drops the member's actions without an outcome (it is leaving for another reason). */
    void cancelAll(GroupInstance m) {
        for (Action a : List.copyOf(m.actions)) end(a);
    }

    /** A hook is deleted: its outstanding actions complete as AWS does (ABANDON when launching, else CONTINUE). */
    void hookDeleted(SimGroup group, HookSpec hook) {
        String result = hook.transition().equals(HookSpec.LAUNCHING) ? "ABANDON" : "CONTINUE";
        for (GroupInstance m : List.copyOf(group.members.values())) {
            for (Action a : List.copyOf(m.actions)) if (a.hook.name().equals(hook.name())) complete(a, result);
        }
    }

    private void timeout(Action a) {
        if (!a.live) return;
        log(a.member, a.hook.name() + " timed out");
        complete(a, a.hook.defaultResult());
    }

    private void end(Action a) {
        a.live = false;
        a.heartbeatTimer.cancel();
        a.globalTimer.cancel();
        byToken.remove(a.token);
        a.member.actions.remove(a);
    }

    private void log(GroupInstance m, String text) {
        if (ctx.timeline().recording()) ctx.log("autoscaling.lifecycle", m.instanceId, text);
    }
}
