package dev.fleetops.runbook.engine;

import dev.fleetops.execution.StepRecord;

/**
 * The two facts a write-ahead journal needs to resume an execution elsewhere without repeating a call that may have
 * happened: what a step attempt is about to do, and how the step ended. The store keeps the full records; this is
 * the narrow, ordered part. {@link #aboutToCall} runs on the thread making the call, before it is made;
 * {@link #stepEnded} on the scheduler's thread.
 */
interface Journal {

    Journal NONE = new Journal() {
        @Override
        public void aboutToCall(String executionId, String step, int attempt, String operation, String token) { }

        @Override
        public void stepEnded(String executionId, String step, StepRecord result) { }
    };

    /** Step {@code step} attempt {@code attempt} is about to call {@code operation} ("ec2:RebootInstances") as {@code token}. */
    void aboutToCall(String executionId, String step, int attempt, String operation, String token);

    /** Step {@code step} ended with {@code result}. */
    void stepEnded(String executionId, String step, StepRecord result);
}
