package dev.fleetops.sim.ssm;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandPluginStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One command on one instance: its status as GetCommandInvocation reports it, and one record per step. */
final class Invocation {

    /** Where the invocation is in its life; {@link #status} is what the API shows. */
    enum Phase { NOT_SENT, WAITING_FOR_AGENT, RUNNING, DONE }

    /** One step (plugin) of the document on this instance. */
    static final class Plugin {
        final String name;
        CommandPluginStatus status = CommandPluginStatus.PENDING;
        String details = "Pending";
        int responseCode = -1;
        String stdout = "";
        String stderr = "";
        Instant start;
        Instant end;
        boolean executed;

        Plugin(String name) {
            this.name = name;
        }

        void end(CommandPluginStatus status, String details, int code, Instant at) {
            this.status = status;
            this.details = details;
            this.responseCode = code;
            this.end = at;
        }
    }

    final SimCommand command;
    final String instanceId;
    final List<Plugin> plugins;
    Phase phase = Phase.NOT_SENT;
    CommandInvocationStatus status = CommandInvocationStatus.PENDING;
    String details = "Pending";
    int responseCode = -1;
    Instant start;
    Instant end;
    int step;
    boolean sent;
    boolean acknowledged;
    String platformType = "Linux";
    Scheduler.Cancellable timer;

    Invocation(SimCommand command, String instanceId) {
        this.command = command;
        this.instanceId = instanceId;
        this.plugins = new ArrayList<>(command.steps().size());
        for (CommandDocument.Resolved s : command.steps()) plugins.add(new Plugin(s.name()));
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    /**
     * Failed and ExecutionTimedOut invocations count toward MaxErrors; not delivered ones do not (docs/simulator.md,
     * "Where AWS is silent").
     */
    boolean isError() {
        return details.equals("Failed") || details.equals("ExecutionTimedOut");
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
