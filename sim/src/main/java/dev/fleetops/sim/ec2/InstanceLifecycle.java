package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.AwsEvents;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static software.amazon.awssdk.services.ec2.model.InstanceStateName.PENDING;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.RUNNING;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.SHUTTING_DOWN;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.STOPPED;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.STOPPING;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.TERMINATED;

/**
 * The instance state machine on the virtual clock: pending -> running (boot), stopping -> stopped (stop),
 * shutting-down -> terminated (terminate), reboots that keep the state but take the app down, and the app that
 * answers {@code appStart} after running. Every transition emits the EC2 state-change event and tells the
 * listeners. Callers have validated the request: these methods only act.
 *
 * <p>Each scheduled step carries the instance's epoch and is dropped if the instance moved on meanwhile, so no
 * timers need cancelling and nothing scans the fleet.
 */
final class InstanceLifecycle {

    static final Duration TERMINATED_VISIBLE = Duration.ofHours(1);
    private static final DateTimeFormatter REASON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SimContext ctx;
    private final List<Instances.Listener> listeners;
    private final Consumer<SimInstance> onRunning;
    private final Consumer<SimInstance> onPurge;

    /**
     * @param onRunning called each time an instance reaches running (status-check fault decision, Spot draws)
     * @param onPurge   called when a terminated instance drops out of DescribeInstances
     */
    InstanceLifecycle(SimContext ctx, List<Instances.Listener> listeners, Consumer<SimInstance> onRunning,
                      Consumer<SimInstance> onPurge) {
        this.ctx = ctx;
        this.listeners = listeners;
        this.onRunning = onRunning;
        this.onPurge = onPurge;
    }

    /** A new instance, already registered, enters pending. */
    void launched(SimInstance i) {
        i.epoch++;
        announce(i, "", PENDING);
        after(ctx.timings().boot(), i, this::becomeRunning);
    }

    /** stopped -> pending -> running. */
    void start(SimInstance i) {
        clearReason(i);
        transition(i, PENDING);
        after(ctx.timings().boot(), i, this::becomeRunning);
    }

    /** running -> stopping -> stopped; a forced stop of an already stopping instance completes at once. */
    void stop(SimInstance i, boolean force, String reasonCode, String reasonMessage) {
        if (i.is(STOPPING)) {
            if (force) becomeStopped(i);
            return;
        }
        appDown(i);
        i.rebooting = false;
        i.checksDoneAt = -1;
        reason(i, reasonCode, reasonMessage);
        transition(i, STOPPING);
        after(ctx.timings().stop(), i, this::becomeStopped);
    }

    /** Any live state -> shutting-down -> terminated; no-op when already on the way out. */
    void terminate(SimInstance i, String reasonCode, String reasonMessage) {
        if (i.gone()) return;
        appDown(i);
        i.rebooting = false;
        i.checksDoneAt = -1;
        reason(i, reasonCode, reasonMessage);
        transition(i, SHUTTING_DOWN);
        after(ctx.timings().terminate(), i, this::becomeTerminated);
    }

    /** OS reboot: the state stays running and status checks are unaffected; the app is down meanwhile. */
    void reboot(SimInstance i) {
        if (!i.is(RUNNING)) return;
        i.epoch++; // drops a pending app start
        i.rebooting = true;
        appDown(i);
        log(i, "reboot");
        after(ctx.timings().reboot(), i, x -> {
            x.rebooting = false;
            after(ctx.timings().appStart(), x, this::appUp);
        });
    }

    private void becomeRunning(SimInstance i) {
        i.runs++;
        i.interruptionNoticed = false;
        i.checksDoneAt = ctx.scheduler().elapsedNanos() + ctx.jittered(ctx.timings().statusChecks()).toNanos();
        transition(i, RUNNING);
        onRunning.accept(i);
        after(ctx.timings().appStart(), i, this::appUp);
    }

    private void becomeStopped(SimInstance i) {
        transition(i, STOPPED);
    }

    private void becomeTerminated(SimInstance i) {
        i.terminatedAt = ctx.scheduler().elapsedNanos();
        transition(i, TERMINATED);
        int epoch = i.epoch;
        ctx.scheduler().schedule(TERMINATED_VISIBLE, () -> {
            if (i.epoch == epoch) onPurge.accept(i);
        });
    }

    private void appUp(SimInstance i) {
        if (!i.is(RUNNING) || i.rebooting || i.appUp) return;
        i.appUp = true;
        for (int k = 0; k < listeners.size(); k++) listeners.get(k).appChanged(i.id, true);
        log(i, "app up");
    }

    private void appDown(SimInstance i) {
        if (!i.appUp) return;
        i.appUp = false;
        for (int k = 0; k < listeners.size(); k++) listeners.get(k).appChanged(i.id, false);
        log(i, "app down");
    }

    private void transition(SimInstance i, InstanceStateName to) {
        String from = i.stateName();
        i.state = to;
        i.epoch++;
        i.changed();
        announce(i, from, to);
    }

    private void announce(SimInstance i, String from, InstanceStateName to) {
        String state = to.toString();
        ctx.bus().emit(AwsEvents.EC2, AwsEvents.STATE_CHANGE,
                List.of(AwsEvents.instanceArn(ctx.region(), ctx.accountId(), i.id)), AwsEvents.stateChange(i.id, state));
        for (int k = 0; k < listeners.size(); k++) listeners.get(k).stateChanged(i.id, from, state);
        if (ctx.timeline().recording()) ctx.log("ec2.state", i.id, from.isEmpty() ? state : from + " -> " + state);
    }

    private void after(Duration d, SimInstance i, Consumer<SimInstance> step) {
        int epoch = i.epoch;
        ctx.scheduler().schedule(ctx.jittered(d), () -> {
            if (i.epoch == epoch) step.accept(i);
        });
    }

    private void reason(SimInstance i, String code, String message) {
        i.stateReasonCode = code;
        i.stateReasonMessage = message;
        i.stateTransitionReason = code.startsWith("Client.")
                ? "User initiated (" + REASON_TIME.format(ctx.scheduler().now()) + ")"
                : message;
    }

    private void clearReason(SimInstance i) {
        i.stateReasonCode = null;
        i.stateReasonMessage = null;
        i.stateTransitionReason = "";
    }

    private void log(SimInstance i, String text) {
        if (ctx.timeline().recording()) ctx.log("ec2.app", i.id, text);
    }

    static final String USER_SHUTDOWN = "Client.UserInitiatedShutdown";
    static final String USER_SHUTDOWN_MESSAGE = "Client.UserInitiatedShutdown: User initiated shutdown";
}
