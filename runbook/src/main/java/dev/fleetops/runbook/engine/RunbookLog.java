package dev.fleetops.runbook.engine;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.function.Consumer;

/**
 * A log for {@link RunbookEngine#events()}: one line per execution start and end and per step transition, with
 * the fields {@code executionId}, {@code document}, {@code step}, {@code action}, {@code outcome}; a failed step or
 * execution at WARN, the rest at INFO, API calls and progress at DEBUG.
 */
public final class RunbookLog {

    private RunbookLog() { }

    public static Consumer<RunbookEvent> to(Logger log) {
        return e -> {
            if (e instanceof RunbookEvent.ExecutionStarted s) {
                log.atInfo().addKeyValue("executionId", s.executionId()).addKeyValue("document", s.record().documentName())
                        .log("runbook {} started: execution {}", s.record().documentName(), s.executionId());
            } else if (e instanceof RunbookEvent.ExecutionEnded x) {
                boolean ok = x.record().status() == dev.fleetops.execution.Status.Success;
                log.atLevel(ok ? Level.INFO : Level.WARN).addKeyValue("executionId", x.executionId())
                        .addKeyValue("document", x.record().documentName()).addKeyValue("outcome", x.record().status().toString())
                        .log("runbook {} ended {}: execution {}{}", x.record().documentName(), x.record().status(),
                                x.executionId(), x.record().failureMessage().map(m -> ": " + m).orElse(""));
            } else if (e instanceof RunbookEvent.StepStarted s) {
                step(log, Level.INFO, s.executionId(), s.step(), s.step().attempt() > 1 ? "retried" : "started");
            } else if (e instanceof RunbookEvent.StepChanged c) {
                step(log, Level.INFO, c.executionId(), c.step(), c.step().status().toString());
            } else if (e instanceof RunbookEvent.StepEnded s) {
                boolean failed = s.step().status() == dev.fleetops.execution.Status.Failed
                        || s.step().status() == dev.fleetops.execution.Status.TimedOut;
                step(log, failed ? Level.WARN : Level.INFO, s.executionId(), s.step(), s.step().status().toString());
            } else if (e instanceof RunbookEvent.ChildStarted c) {
                log.atInfo().addKeyValue("executionId", c.executionId()).addKeyValue("step", c.stepName())
                        .log("step {} started child execution {} of {}", c.stepName(), c.childId(), c.documentName());
            } else if (e instanceof RunbookEvent.ApprovalWaiting w) {
                log.atInfo().addKeyValue("executionId", w.executionId()).log("execution {} waits for a decision", w.executionId());
            } else if (log.isDebugEnabled()) {
                log.atDebug().addKeyValue("executionId", e.executionId()).log(e.toString());
            }
        };
    }

    private static void step(Logger log, Level level, String executionId, dev.fleetops.execution.StepRecord step, String outcome) {
        log.atLevel(level).addKeyValue("executionId", executionId).addKeyValue("step", step.stepName())
                .addKeyValue("action", step.action()).addKeyValue("outcome", outcome)
                .log("step {} ({}) {}{}", step.stepName(), step.action(), outcome,
                        step.failureMessage().map(m -> ": " + m).orElse(""));
    }
}
