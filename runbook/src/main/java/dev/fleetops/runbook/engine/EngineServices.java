package dev.fleetops.runbook.engine;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.observe.EventPublisher;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * What every execution of one engine uses, fixed when the engine is built and handed down to executions, steps and
 * attempts, so none of them reaches back into the engine.
 *
 * @param scheduler on real time a serial view of the cloud's, so an execution's tasks never run concurrently
 * @param children  starts aws:executeAutomation children (looked up like any document) under a given id
 * @param journal   told of each API call before it is made and of each step's end
 */
record EngineServices(Cloud cloud, Scheduler scheduler, ApiInvoker invoker, ActionRegistry registry,
                      ExecutionStore store, Decider decider, EventPublisher<RunbookEvent> events, boolean simulated,
                      RandomGenerator random, Backoff pollBackoff, Children children, Journal journal) {

    /** How a parent starts a child execution. */
    @FunctionalInterface
    interface Children {
        CompletionStage<Execution> start(String document, Map<String, List<String>> parameters, String parentId, String childId);
    }

    Instant now() {
        return scheduler.now();
    }
}
