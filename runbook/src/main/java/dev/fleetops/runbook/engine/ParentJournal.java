package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.rate.RateControl;

import java.util.Optional;

/**
 * A rate-controlled parent in the engine's journal, as a runbook execution of its own: started with the plan's
 * journaled parameters (resolved targets, limits), one result per target (the step named after it) when its
 * child ends, ended with the parent's status. Its children are journaled by the engine as any execution, under
 * ids derived from the parent's ({@link ExecutionIds#child}).
 */
final class ParentJournal implements RateControl.Listener {

    private final Journal journal;

    ParentJournal(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void started(String id, RateControl.Plan plan, Optional<String> parentId) {
        journal.started(id, plan.document(), Optional.empty(), plan.journaled(), parentId);
    }

    @Override
    public void childEnded(String id, StepRecord step) {
        journal.stepEnded(id, step.stepName(), step);
    }

    @Override
    public void ended(ExecutionRecord record) {
        journal.ended(record);
    }
}
