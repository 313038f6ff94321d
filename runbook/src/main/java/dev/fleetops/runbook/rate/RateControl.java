package dev.fleetops.runbook.rate;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Rate-controlled runs of a runbook over many targets: SSM's StartAutomationExecution with Targets, and the
 * AUTOMATION tasks of maintenance windows. Depends on the engine only through {@link RunbookRunner}.
 */
public final class RateControl {

    private final Scheduler scheduler;
    private final RunbookRunner runner;
    private final Supplier<String> ids;

    /** @param ids execution ids for parent runs (UUIDs on AWS's pattern; deterministic ones on the simulator) */
    public RateControl(Scheduler scheduler, RunbookRunner runner, Supplier<String> ids) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.ids = ids;
    }

    /**
     * What to run on which targets.
     *
     * @param parameters          the parent's parameters, as shown in its record
     * @param targets             resolved target values, in the order children start
     * @param childParameters     each target's runtime parameters
     * @param targetsDescription  how the targets were asked for ({@code tag:Role=web}), for the record
     */
    public record Plan(String document, Map<String, List<String>> parameters, List<String> targets,
                       Function<String, Map<String, List<String>>> childParameters, RateLimits limits,
                       Optional<String> targetParameterName, String targetsDescription) {
        public Plan {
            targets = List.copyOf(targets);
        }
    }

    /** Starts the plan now; the children start on the scheduler. */
    public RateControlledRun start(Plan plan) {
        RateControlledRun run = new RateControlledRun(scheduler, runner, plan, ids.get());
        scheduler.schedule(Duration.ZERO, run::begin);
        return run;
    }

    /**
     * {@code fleetops run DOC --targets ... --target-parameter-name ...}: resolves the targets (a tag through EC2),
     * then runs the document once per target with the target in the target parameter.
     */
    public CompletionStage<ExecutionRecord> run(RateControlRequest request, TargetResolver resolver) {
        return resolver.resolve(request.targets()).thenCompose(targets -> start(plan(request, targets)).record());
    }

    /** The plan of a request once its targets are resolved. */
    public static Plan plan(RateControlRequest request, List<String> targets) {
        return new Plan(request.document(), request.parameters(), targets, target -> {
            Map<String, List<String>> p = new LinkedHashMap<>(request.parameters());
            p.put(request.targetParameterName(), List.of(target));
            return p;
        }, request.limits(), Optional.of(request.targetParameterName()), request.targets().toString());
    }
}
