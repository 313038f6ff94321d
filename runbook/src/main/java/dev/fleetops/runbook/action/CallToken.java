package dev.fleetops.runbook.action;

import java.time.Instant;
import java.util.Optional;

/**
 * What makes one call of a step attempt safe to repeat after a crash (docs/recovery.md, "Repeated calls").
 *
 * @param journal    the call's token in the journal, {@code EXECUTION:STEP:ATTEMPT:N}; a recovered run that
 *                   repeats the attempt gives its calls the same tokens
 * @param run        which run of the step this is in the execution (1 for the first): a loop pass or a jump back
 *                   runs a step again, and its calls get the same journal tokens again
 * @param journaled  when a run before a restart journaled the intent of a call with this token: the call may
 *                   have taken effect since then; empty on a first run
 */
public record CallToken(String journal, int run, Optional<Instant> journaled) {

    /** Unique among the calls of an execution, and the same when a recovered run repeats the call. */
    public String value() {
        return run <= 1 ? journal : journal + "#" + run;
    }

    @Override
    public String toString() {
        return value();
    }
}
