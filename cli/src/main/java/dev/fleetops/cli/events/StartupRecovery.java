package dev.fleetops.cli.events;

import dev.fleetops.events.Intake;
import dev.fleetops.events.IntakeEvent;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.OpenExecutions;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.Recovery;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.time.Scheduler;

import java.time.Duration;

/**
 * What {@code serve} does at start-up about the executions a stopped or dead process left open in the journal:
 * runbook executions resume through the runbook engine's {@link Recovery} (children with their parents), handler
 * runs are continued through the intake ({@link Intake#recover(dev.fleetops.journal.OpenExecutions)}: calls with a result are not sent again). It runs
 * on the scheduler like any work, so the intake starts meanwhile; each outcome is published as an
 * {@link IntakeEvent.ExecutionRecovered} (logged, and counted in {@code fleetops_recovered_executions_total}).
 */
final class StartupRecovery {

    private StartupRecovery() { }

    /** Schedules the recovery, then {@code ended} once both kinds are done (failed or not); returns a line for the log. */
    static String start(Journal journal, RunbookEngine engine, Intake intake, String owner, Scheduler scheduler, Runnable ended) {
        // what a live owner holds (another replica's runs on a shared journal) is left to it: not read, not leased
        OpenExecutions listed = OpenExecutions.read(journal, Owners::deadOnThisHost).toCompletableFuture().join();
        int open = listed.takeable().size();
        int live = listed.all().size() - open;
        if (open == 0) {
            ended.run();
            return live == 0 ? "no open executions in the journal"
                    : "no open executions to recover (" + live + " held by live owners)";
        }
        scheduler.schedule(Duration.ZERO, () -> {
            // the one read serves both kinds: each read is a scan of the journal's open executions and its leases
            var runbooks = Recovery.recoverAll(engine, journal, owner, listed).whenComplete((outcomes, e) -> {
                if (e != null) {
                    warn(intake, scheduler, "runbook recovery failed: " + e.getMessage());
                    return;
                }
                for (Recovery.Outcome o : outcomes) {
                    intake.events().publish(() -> new IntakeEvent.ExecutionRecovered(scheduler.now(), "runbook", o.executionId(),
                            o.record().map(r -> r.status().toString()).orElse("left"),
                            o.skipped().orElse(o.document())));
                }
            });
            var handlers = intake.recover(listed).whenComplete((r, e) -> {
                if (e != null) warn(intake, scheduler, "handler run recovery failed: " + e.getMessage());
            });
            runbooks.toCompletableFuture().handle((v, e) -> null)
                    .thenCombine(handlers.toCompletableFuture().handle((v, e) -> null), (a, b) -> null)
                    .thenRun(ended);
        });
        return open + " open execution(s) in the journal: recovering them on the scheduler (runbooks resumed, handler runs continued)"
                + (live == 0 ? "" : "; " + live + " more held by live owners, left to them");
    }

    private static void warn(Intake intake, Scheduler scheduler, String message) {
        intake.events().publish(() -> new IntakeEvent.SourceWarning(scheduler.now(), "recovery", message));
    }
}
