package dev.fleetops.windows;

import java.util.concurrent.CompletionStage;

/** A window task started in an occurrence. */
interface TaskRun {

    WindowTask task();

    /** Completes with the task's execution once what it started is terminal. */
    CompletionStage<WindowExecution.Task> finished();

    /** The window's cutoff was reached and the task's CutoffBehavior is CANCEL_TASK. */
    void cancelAtCutoff();
}
